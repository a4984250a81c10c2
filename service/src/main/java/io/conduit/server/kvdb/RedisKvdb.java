package io.conduit.server.kvdb;

import io.conduit.api.Kvdb;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.api.ServiceException;
import io.conduit.common.redis.Redis;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.tracing.SpanAttributes;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisException;

/** The {@link Kvdb} services use: the node's Redis pool, with failures that name Redis's address. */
public final class RedisKvdb implements Kvdb {

    private final Redis redis;
    private final UnifiedJedis jedis;
    private final ConnectionMeter meter;

    /** @param meter told of every command */
    public RedisKvdb(Redis redis, ConnectionMeter meter) {
        this.redis = redis;
        this.meter = meter;
        this.jedis = redis.pool();
    }

    /** The KVDB of a node: its commands counted under {@code kind="kvdb", connection="default"} and traced. */
    public RedisKvdb(Redis redis, NodeMetrics metrics, Tracing tracing) {
        this(redis, new ConnectionMeter("kvdb", "default", metrics.outgoing("kvdb", "default"), tracing.tracer(),
                SpanKind.CLIENT, tracing.records() ? Attributes.of(SpanAttributes.DB_SYSTEM, "redis", SpanAttributes.CONNECTION,
                        "kvdb") : Attributes.empty()));
    }

    @Override
    public String get(String key) {
        return read("GET", j -> j.get(key));
    }

    @Override
    public void set(String key, String value) {
        call("SET", () -> jedis.set(key, value));
    }

    @Override
    public long del(String... keys) {
        return call("DEL", () -> jedis.del(keys));
    }

    @Override
    public List<String> lrange(String key, long start, long stop) {
        return read("LRANGE", j -> j.lrange(key, start, stop));
    }

    @Override
    public long lpush(String key, String... values) {
        return call("LPUSH", () -> jedis.lpush(key, values));
    }

    @Override
    public String hget(String key, String field) {
        return read("HGET", j -> j.hget(key, field));
    }

    @Override
    public Map<String, String> hgetAll(String key) {
        return read("HGETALL", j -> j.hgetAll(key));
    }

    @Override
    public void hset(String key, String field, String value) {
        call("HSET", () -> jedis.hset(key, field, value));
    }

    @Override
    public Set<String> smembers(String key) {
        return read("SMEMBERS", j -> j.smembers(key));
    }

    @Override
    public boolean sismember(String key, String member) {
        return read("SISMEMBER", j -> j.sismember(key, member));
    }

    @Override
    public long incr(String key) {
        return call("INCR", () -> jedis.incr(key));
    }

    @Override
    public Object execute(String command, String... args) {
        ProtocolCommand raw = () -> command.getBytes(StandardCharsets.UTF_8);
        return call(command.toUpperCase(java.util.Locale.ROOT), () -> plain(jedis.sendCommand(raw, args)));
    }

    private static Object plain(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        return reply;
    }

    private <T> T read(String operation, java.util.function.Function<UnifiedJedis, T> read) {
        return call(operation, () -> redis.read(read));
    }

    private <T> T call(String operation, Supplier<T> command) {
        ConnectionMeter.Call call = meter.start(operation);
        try {
            T result = command.get();
            call.ok();
            return result;
        } catch (JedisException e) {
            ServiceException failure = failure(e);
            call.failed(failure);
            throw failure;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    private ServiceException failure(JedisException e) {
        if (Redis.isUnreachable(e)) {
            redis.dropIdleConnections();
            return new KvdbUnavailableException("the KVDB (Redis at " + redis.address() + ") cannot be reached"
                    + (e instanceof redis.clients.jedis.exceptions.JedisDataException ? " yet: " : ": ")
                    + e.getMessage() + "; retry later", e);
        }
        return new ServiceException("KVDB (Redis at " + redis.address() + "): " + e.getMessage(), e);
    }
}
