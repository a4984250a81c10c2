package io.conduit.server.outgoing;

import static io.conduit.server.metrics.Gauges.gauge;
import static io.conduit.server.metrics.Gauges.point;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The live outgoing connections' state for Prometheus, read at each scrape: each HTTP connection's
 * circuit breaker and pool, and each SQL connection's pool.
 */
final class PoolMetrics implements MultiCollector {

    private static final String[] BREAKER_STATES = {"closed", "open", "half_open"};

    private final LiveRegistry<HttpPool.Spec, HttpPool> http;
    private final LiveRegistry<OutgoingSqlConfig, SqlPool> sql;

    PoolMetrics(LiveRegistry<HttpPool.Spec, HttpPool> http, LiveRegistry<OutgoingSqlConfig, SqlPool> sql) {
        this.http = http;
        this.sql = sql;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder circuits = gauge("conduit_circuit_state",
                "1 for the state each outgoing HTTP connection's circuit breaker is in on this node, 0 for the others");
        GaugeSnapshot.Builder httpPools = gauge("conduit_http_pool_connections",
                "Outgoing HTTP connections' pooled connections: leased (in use), available (idle), pending (callers"
                        + " waiting), max");
        GaugeSnapshot.Builder sqlPools = gauge("conduit_sql_pool_connections",
                "Outgoing SQL connections' pooled database connections: active, idle, pending (callers waiting), max");
        for (HttpPool pool : http.all()) {
            String name = pool.name();
            CircuitBreaker breaker = pool.breaker();
            if (breaker != null) {
                String now = breaker.getState().name().toLowerCase(Locale.ROOT);
                for (String state : BREAKER_STATES) {
                    circuits.dataPoint(point(state.equals(now) ? 1 : 0, "connection", name, "state", state));
                }
                if (!java.util.Arrays.asList(BREAKER_STATES).contains(now)) {
                    circuits.dataPoint(point(1, "connection", name, "state", now));
                }
            }
            PoolStats stats = pool.poolStats();
            httpPools.dataPoint(point(stats.getLeased(), "connection", name, "state", "leased"));
            httpPools.dataPoint(point(stats.getAvailable(), "connection", name, "state", "available"));
            httpPools.dataPoint(point(stats.getPending(), "connection", name, "state", "pending"));
            httpPools.dataPoint(point(stats.getMax(), "connection", name, "state", "max"));
        }
        for (SqlPool pool : sql.all()) {
            HikariPoolMXBean stats = pool.poolStats();
            if (stats != null) {
                String name = pool.name();
                sqlPools.dataPoint(point(stats.getActiveConnections(), "connection", name, "state", "active"));
                sqlPools.dataPoint(point(stats.getIdleConnections(), "connection", name, "state", "idle"));
                sqlPools.dataPoint(point(stats.getThreadsAwaitingConnection(), "connection", name, "state", "pending"));
                sqlPools.dataPoint(point(pool.config().poolSize(), "connection", name, "state", "max"));
            }
        }
        return new MetricSnapshots(circuits.build(), httpPools.build(), sqlPools.build());
    }
}
