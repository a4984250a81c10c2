package io.conduit.server.kvdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.error.InvalidInputException;
import io.conduit.common.redis.Redis;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The admin API's Remote commands: runs one allowed command line on the cluster's Redis, answers
 * as {@code redis-cli} would show it, and keeps the last {@value #HISTORY_SIZE} commands as a
 * cluster-wide history (in Redis itself, so every node shows the same one).
 */
public final class KvdbConsole {

    static final int HISTORY_SIZE = 100;
    static final String HISTORY_KEY = "conduit:kvdb:history";
    private static final Logger LOG = LoggerFactory.getLogger(KvdbConsole.class);

    private final Redis redis;
    private final CommandPolicy policy;
    private final ObjectMapper mapper;
    private final String node;
    private final Clock clock;

    /** A command's outcome: {@code error} is true when Redis answered with an error reply. */
    public record Result(String command, String result, boolean error) {
    }

    /** A command in the history. */
    public record HistoryEntry(String command, Instant at, String user, String node, boolean error) {
    }

    /** Redis could not be reached: the admin API answers 503. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public KvdbConsole(Redis redis, CommandPolicy policy, ObjectMapper mapper, String node, Clock clock) {
        this.redis = redis;
        this.policy = policy;
        this.mapper = mapper;
        this.node = node;
        this.clock = clock;
    }

    /**
     * @param line the command line, quoted as in redis-cli
     * @param user who runs it
     * @return the output
     * @throws InvalidInputException if the line does not parse or the command is not allowed
     * @throws UnavailableException     if Redis cannot be reached
     */
    public Result run(String line, String user) {
        List<String> args = CommandLine.parse(line);
        policy.check(args);
        RespReply reply;
        try {
            reply = new RespClient(redis.host(), redis.port(), redis.password(), redis.database(),
                    redis.socketTimeoutMillis()).call(args);
        } catch (IOException e) {
            throw new UnavailableException("Redis at " + redis.address() + " cannot be reached (" + e.getMessage()
                    + "); is it running?", e);
        }
        boolean error = reply instanceof RespReply.Error;
        LOG.info("KVDB - {} ran {} ({} arguments){}", user, args.get(0).toUpperCase(Locale.ROOT), args.size() - 1,
                error ? ": Redis answered an error" : "");
        remember(new HistoryEntry(line.strip(), clock.instant(), user, node, error));
        return new Result(line.strip(), RedisCliFormat.format(args, reply), error);
    }

    /** @return the last commands, newest first */
    public List<HistoryEntry> history() {
        List<String> raw;
        try {
            raw = redis.pool().lrange(HISTORY_KEY, 0, HISTORY_SIZE - 1);
        } catch (JedisException e) {
            throw new UnavailableException("Redis at " + redis.address() + " cannot be reached (" + e.getMessage()
                    + "); is it running?", e);
        }
        List<HistoryEntry> entries = new ArrayList<>(raw.size());
        for (String json : raw) {
            try {
                entries.add(mapper.readValue(json, HistoryEntry.class));
            } catch (JsonProcessingException e) {
                LOG.warn("KVDB - skipping an unreadable history entry: {}", e.getOriginalMessage());
            }
        }
        return entries;
    }

    private void remember(HistoryEntry entry) {
        try {
            String json = mapper.writeValueAsString(entry);
            redis.pool().lpush(HISTORY_KEY, json);
            redis.pool().ltrim(HISTORY_KEY, 0, HISTORY_SIZE - 1);
        } catch (JsonProcessingException | JedisException e) {
            LOG.warn("KVDB - the command ran but could not be added to the history: {}", e.getMessage());
        }
    }
}
