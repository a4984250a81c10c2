package io.conduit.server.stats;

import io.conduit.common.stats.Totals;
import io.conduit.server.metrics.NodeMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every service's invocations since the node started, for Prometheus: counts by outcome and a
 * latency histogram. Fed by the {@link StatsFlusher} with the very intervals it sends to Redis, so
 * the dashboard and Prometheus count the same calls: over any window of flushes the two agree
 * exactly, buckets included (both read the same HdrHistogram, to its two significant digits).
 */
public final class ServiceMetrics implements MultiCollector {

    private static final double[] BOUNDS = NodeMetrics.LATENCY_BOUNDS;
    private static final long[] BOUNDS_MICROS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUNDS_MICROS[i] = Math.round(BOUNDS[i] * 1e6);
        }
    }

    /** One service's totals since the start. */
    private static final class Cumulative {
        private long ok;
        private long failed;
        private long nanos;
        private final long[] buckets = new long[BOUNDS.length + 1];
    }

    private final Map<String, Cumulative> services = new HashMap<>();

    /** Adds one flushed interval of a service (flusher thread). */
    synchronized void add(String service, Interval interval) {
        Totals totals = interval.totals();
        if (totals.count() == 0) {
            return;
        }
        Cumulative c = services.computeIfAbsent(service, s -> new Cumulative());
        c.ok += totals.count() - totals.failures();
        c.failed += totals.failures();
        c.nanos += totals.totalNanos();
        interval.addBucketCounts(BOUNDS_MICROS, c.buckets);
    }

    @Override
    public synchronized MetricSnapshots collect() {
        CounterSnapshot.Builder invocations = CounterSnapshot.builder().name("conduit_service_invocations")
                .help("Service invocations on this node, by outcome (failed: the service threw; a client error is ok)");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name("conduit_service_duration_seconds")
                .help("How long service invocations took on this node").unit(Unit.SECONDS);
        double[] bounds = new double[BOUNDS.length + 1];
        System.arraycopy(BOUNDS, 0, bounds, 0, BOUNDS.length);
        bounds[BOUNDS.length] = Double.POSITIVE_INFINITY;
        new TreeMap<>(services).forEach((service, c) -> {
            invocations.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("service", service, "outcome", "ok")).value(c.ok).build());
            invocations.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("service", service, "outcome", "failed")).value(c.failed).build());
            durations.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("service", service)).sum(c.nanos / 1e9)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, c.buckets.clone())).build());
        });
        return new MetricSnapshots(invocations.build(), durations.build());
    }
}
