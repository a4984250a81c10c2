package io.conduit.server.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.StatsKeys;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes statistics to Redis in one pipelined round trip: this node instance's totals and histogram
 * per service and bucket ({@code conduit:stats:<m|h|d>:<bucket>}), each key with its TTL, and the
 * slow calls (the last 100 per service).
 */
final class RedisStatsSink implements StatsSink {

    private static final int SLOW_CALLS_KEPT = 100;

    private final Redis redis;
    private final ObjectMapper mapper;
    private final String instance;
    private final Map<Resolution, Duration> ttls;

    /**
     * @param instance this node instance, {@code <node>@<start millis>}
     * @param ttls     how long each resolution's keys live
     */
    RedisStatsSink(Redis redis, ObjectMapper mapper, String instance, Map<Resolution, Duration> ttls) {
        this.redis = redis;
        this.mapper = mapper;
        this.instance = instance;
        this.ttls = Map.copyOf(ttls);
    }

    @Override
    public void write(List<Aggregates.Dirty> dirty, List<SlowCall> slow) {
        Set<String> keys = new HashSet<>();
        try (AbstractPipeline pipeline = redis.pool().pipelined()) {
            for (Aggregates.Dirty d : dirty) {
                String field = StatsKeys.field(d.service(), instance);
                String totalsKey = d.resolution().key(d.bucket());
                String histogramKey = d.resolution().histogramKey(d.bucket());
                pipeline.hset(totalsKey, field, d.entry().totals().encode());
                pipeline.hset(histogramKey, field, Histograms.encode(d.entry().histogram()));
                if (keys.add(totalsKey)) {
                    long ttl = ttls.get(d.resolution()).toSeconds();
                    pipeline.expire(totalsKey, ttl);
                    pipeline.expire(histogramKey, ttl);
                }
            }
            for (SlowCall call : slow) {
                String key = StatsKeys.slowCalls(call.service());
                pipeline.lpush(key, json(call));
                pipeline.ltrim(key, 0, SLOW_CALLS_KEPT - 1);
                pipeline.expire(key, ttls.get(Resolution.DAY).toSeconds());
            }
            pipeline.sync();
        } catch (JedisException e) {
            throw new StatsSinkException(e.getMessage(), e);
        }
    }

    @Override
    public String address() {
        return "Redis at " + redis.address();
    }

    private String json(SlowCall call) {
        try {
            return mapper.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
