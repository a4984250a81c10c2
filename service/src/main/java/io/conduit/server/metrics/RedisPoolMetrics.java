package io.conduit.server.metrics;

import static io.conduit.server.metrics.Gauges.gauge;
import static io.conduit.server.metrics.Gauges.point;

import io.conduit.common.redis.Redis;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** The node's pooled Redis connections, read at each scrape. */
public final class RedisPoolMetrics implements MultiCollector {

    private final Redis redis;

    public RedisPoolMetrics(Redis redis) {
        this.redis = redis;
    }

    @Override
    public MetricSnapshots collect() {
        Redis.PoolCounts pool = redis.poolCounts();
        return new MetricSnapshots(gauge("conduit_redis_pool_connections",
                "The node's pooled Redis connections: active (in use), idle, waiting (callers waiting for one)")
                .dataPoint(point(pool.active(), "state", "active"))
                .dataPoint(point(pool.idle(), "state", "idle"))
                .dataPoint(point(pool.waiting(), "state", "waiting")).build());
    }
}
