package io.conduit.server.kvdb;

import io.conduit.common.error.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which commands the admin API's Remote commands may run. An allow-list: data commands on keys,
 * and read-only server commands. Refused with a reason: anything that erases or reconfigures Redis
 * ({@code FLUSHALL}, {@code FLUSHDB}, {@code CONFIG SET}, {@code SHUTDOWN}, {@code DEBUG},
 * {@code MODULE}), what blocks the connection ({@code SUBSCRIBE}, {@code MONITOR}, {@code BLPOP}),
 * {@code KEYS} (use {@code SCAN}), and scripts ({@code EVAL}, {@code SCRIPT}, {@code FUNCTION})
 * unless {@code kvdb.allowScripts} is true.
 */
public final class CommandPolicy {

    static final Set<String> ALLOWED = Set.of(
            // strings
            "GET", "MGET", "SET", "SETNX", "SETEX", "PSETEX", "MSET", "MSETNX", "GETSET", "GETDEL", "GETEX", "APPEND",
            "STRLEN", "GETRANGE", "SETRANGE", "INCR", "INCRBY", "INCRBYFLOAT", "DECR", "DECRBY",
            // keys
            "DEL", "UNLINK", "EXISTS", "TYPE", "TTL", "PTTL", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "PERSIST",
            "EXPIRETIME", "PEXPIRETIME", "RENAME", "RENAMENX", "COPY", "SCAN", "RANDOMKEY", "DBSIZE", "OBJECT", "TOUCH",
            // lists
            "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX", "LSET", "LREM", "LTRIM",
            "LINSERT", "LPOS", "LMOVE", "RPOPLPUSH",
            // hashes
            "HSET", "HSETNX", "HMSET", "HGET", "HMGET", "HGETALL", "HDEL", "HEXISTS", "HKEYS", "HVALS", "HLEN",
            "HINCRBY", "HINCRBYFLOAT", "HSCAN", "HSTRLEN", "HRANDFIELD",
            // sets
            "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SPOP", "SRANDMEMBER", "SMOVE", "SSCAN",
            "SINTER", "SUNION", "SDIFF", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE",
            // sorted sets
            "ZADD", "ZREM", "ZINCRBY", "ZRANGE", "ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANK", "ZREVRANK",
            "ZSCORE", "ZMSCORE", "ZCARD", "ZCOUNT", "ZSCAN", "ZPOPMIN", "ZPOPMAX", "ZREMRANGEBYRANK",
            "ZREMRANGEBYSCORE", "ZRANGEBYLEX", "ZLEXCOUNT",
            // streams, hyperloglogs, bits
            "XADD", "XRANGE", "XREVRANGE", "XLEN", "XDEL", "XTRIM", "XINFO", "PFADD", "PFCOUNT", "PFMERGE",
            "SETBIT", "GETBIT", "BITCOUNT", "BITPOS", "BITOP",
            // server, read-only
            "INFO", "PING", "ECHO", "TIME", "LASTSAVE", "ROLE");

    static final Set<String> SCRIPTS = Set.of("EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "SCRIPT", "FUNCTION",
            "FCALL", "FCALL_RO");

    /** Commands allowed with some subcommands only. */
    static final Map<String, Set<String>> SUBCOMMANDS = Map.of(
            "CONFIG", Set.of("GET"),
            "CLIENT", Set.of("LIST", "INFO", "GETNAME", "ID"),
            "SLOWLOG", Set.of("GET", "LEN"),
            "MEMORY", Set.of("USAGE", "STATS", "DOCTOR"),
            "LATENCY", Set.of("LATEST", "DOCTOR", "HISTORY"),
            "COMMAND", Set.of("COUNT", "INFO", "DOCS"));

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("FLUSHALL", "it would erase every key, statistics included"),
            Map.entry("FLUSHDB", "it would erase every key of the database, statistics included"),
            Map.entry("SHUTDOWN", "it would stop Redis for the whole cluster"),
            Map.entry("DEBUG", "it can crash or stall Redis"),
            Map.entry("MODULE", "it loads code into Redis"),
            Map.entry("KEYS", "it blocks Redis while it walks every key; use SCAN 0 MATCH pattern COUNT 100"),
            Map.entry("MONITOR", "it never returns"),
            Map.entry("SUBSCRIBE", "it never returns"),
            Map.entry("PSUBSCRIBE", "it never returns"),
            Map.entry("SSUBSCRIBE", "it never returns"),
            Map.entry("SYNC", "it is for replicas"),
            Map.entry("PSYNC", "it is for replicas"),
            Map.entry("REPLICAOF", "it changes the cluster's Redis topology"),
            Map.entry("SLAVEOF", "it changes the cluster's Redis topology"),
            Map.entry("MIGRATE", "it moves keys to another server"),
            Map.entry("ACL", "it changes Redis's users"),
            Map.entry("SELECT", "every command runs in the cluster's configured database"),
            Map.entry("MULTI", "transactions cannot span several calls here"));

    private final boolean allowScripts;

    public CommandPolicy(boolean allowScripts) {
        this.allowScripts = allowScripts;
    }

    /**
     * @param args a parsed command line
     * @throws InvalidInputException saying why the command is not allowed
     */
    public void check(List<String> args) {
        String command = args.get(0).toUpperCase(Locale.ROOT);
        if (ALLOWED.contains(command)) {
            return;
        }
        if (SCRIPTS.contains(command)) {
            if (allowScripts) {
                return;
            }
            throw new InvalidInputException(command + " is not allowed: scripts are off (set kvdb.allowScripts:"
                    + " true in the nodes' config.yml to allow them)");
        }
        Set<String> subcommands = SUBCOMMANDS.get(command);
        if (subcommands != null) {
            String sub = args.size() > 1 ? args.get(1).toUpperCase(Locale.ROOT) : "";
            if (subcommands.contains(sub)) {
                return;
            }
            throw new InvalidInputException(command + (sub.isEmpty() ? "" : " " + sub) + " is not allowed; only "
                    + command + " " + String.join("|", subcommands.stream().sorted().toList()) + " is");
        }
        if (command.startsWith("B") && (command.endsWith("POP") || command.endsWith("MOVE")
                || command.endsWith("POPLPUSH") || command.equals("BZMPOP") || command.equals("BLMPOP"))) {
            throw new InvalidInputException(command + " is not allowed: it blocks; use its non-blocking form");
        }
        String reason = REASONS.get(command);
        throw new InvalidInputException(command + " is not allowed" + (reason == null
                ? " in Remote commands (docs/ADMIN-API.md, Remote commands, lists what is)" : ": " + reason));
    }
}
