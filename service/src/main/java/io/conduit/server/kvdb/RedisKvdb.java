package io.conduit.server.kvdb;

import io.conduit.api.Kvdb;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.api.ServiceException;
import io.conduit.common.redis.Redis;
import io.conduit.server.metrics.ConnectionMeter;
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

    @Override
    public String get(String key) {
        return read(j -> j.get(key));
    }

    @Override
    public void set(String key, String value) {
        call(() -> jedis.set(key, value));
    }

    @Override
    public long del(String... keys) {
        return call(() -> jedis.del(keys));
    }

    @Override
    public List<String> lrange(String key, long start, long stop) {
        return read(j -> j.lrange(key, start, stop));
    }

    @Override
    public long lpush(String key, String... values) {
        return call(() -> jedis.lpush(key, values));
    }

    @Override
    public String hget(String key, String field) {
        return read(j -> j.hget(key, field));
    }

    @Override
    public Map<String, String> hgetAll(String key) {
        return read(j -> j.hgetAll(key));
    }

    @Override
    public void hset(String key, String field, String value) {
        call(() -> jedis.hset(key, field, value));
    }

    @Override
    public Set<String> smembers(String key) {
        return read(j -> j.smembers(key));
    }

    @Override
    public boolean sismember(String key, String member) {
        return read(j -> j.sismember(key, member));
    }

    @Override
    public long incr(String key) {
        return call(() -> jedis.incr(key));
    }

    @Override
    public Object execute(String command, String... args) {
        ProtocolCommand raw = () -> command.getBytes(StandardCharsets.UTF_8);
        return call(() -> plain(jedis.sendCommand(raw, args)));
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

    private <T> T read(java.util.function.Function<UnifiedJedis, T> read) {
        long start = meter.start();
        try {
            T result = redis.read(read);
            meter.ok(start);
            return result;
        } catch (JedisException e) {
            meter.failed(start);
            throw failure(e);
        }
    }

    private <T> T call(Supplier<T> command) {
        long start = meter.start();
        try {
            T result = command.get();
            meter.ok(start);
            return result;
        } catch (JedisException e) {
            meter.failed(start);
            throw failure(e);
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
