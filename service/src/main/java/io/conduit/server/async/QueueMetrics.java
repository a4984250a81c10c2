package io.conduit.server.async;

import static io.conduit.server.metrics.Gauges.gauge;
import static io.conduit.server.metrics.Gauges.point;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The durable queue's size for Prometheus, read at each scrape: cluster-wide figures, the same from
 * every node. Left out of a scrape while Redis cannot be reached, so a gap shows the outage instead
 * of a zero.
 */
public final class QueueMetrics implements MultiCollector {

    private final DurableQueue queue;

    public QueueMetrics(DurableQueue queue) {
        this.queue = queue;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder pending = gauge("conduit_async_pending",
                "Durable asynchronous invocations waiting or running, cluster-wide (retries waiting included)");
        GaugeSnapshot.Builder dead = gauge("conduit_async_dead_letters",
                "Durable asynchronous invocations that used up their attempts, cluster-wide");
        try {
            DurableQueue.Counts counts = queue.counts();
            pending.dataPoint(point(counts.pending()));
            dead.dataPoint(point(counts.deadLetters()));
        } catch (RuntimeException e) {
            // Redis is away: no figure rather than a wrong one
        }
        return new MetricSnapshots(pending.build(), dead.build());
    }
}
