package io.conduit.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * A node's Prometheus metrics: one registry, the instruments the hot path counts with, and the
 * collectors other parts register (the services' totals, pools, breakers, queues), read only when
 * Prometheus scrapes. Names are those docs/OBSERVABILITY.md lists ("Prometheus").
 */
public final class NodeMetrics {

    /** Upper bounds of the latency histograms, in seconds (+Inf is added). */
    public static final double[] LATENCY_BOUNDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter channelRequests;
    private final Counter rateLimited;
    private final Counter outgoingRequests;
    private final Histogram outgoingDuration;
    private final Counter schedulerRuns;
    private final ChannelCounts channelCounts;

    public NodeMetrics() {
        JvmMetrics.builder().register(registry);
        channelRequests = register(Counter.builder().name("conduit_channel_requests")
                .help("Requests answered by the node's HTTP channels, by channel and HTTP status"
                        + " (channel \"\" when no channel serves the path)")
                .labelNames("channel", "status").withoutExemplars().build());
        rateLimited = register(Counter.builder().name("conduit_rate_limited")
                .help("Requests refused with 429 by a channel's rate limit").labelNames("channel")
                .withoutExemplars().build());
        outgoingRequests = register(Counter.builder().name("conduit_outgoing_requests")
                .help("Calls through outgoing connections, by kind, connection and outcome (ok, failed; a ZeroMQ message dropped at the high-water mark failed)")
                .labelNames("kind", "connection", "outcome").withoutExemplars().build());
        outgoingDuration = register(Histogram.builder().name("conduit_outgoing_duration_seconds")
                .help("How long calls through outgoing connections took, retries included").unit(Unit.SECONDS)
                .labelNames("kind", "connection").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
                .withoutExemplars().build());
        schedulerRuns = register(Counter.builder().name("conduit_scheduler_runs")
                .help("Scheduled job runs started on this node, by job and outcome (ok, failed, skipped)")
                .labelNames("job", "outcome").withoutExemplars().build());
        channelCounts = new ChannelCounts(channelRequests);
    }

    private <T extends Collector> T register(T collector) {
        registry.register(collector);
        return collector;
    }

    /** Adds a collector read at every scrape. */
    public void register(MultiCollector collector) {
        registry.register(collector);
    }

    /** @return the registry the endpoint writes */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** @return the per channel and status request counts */
    public ChannelCounts channels() {
        return channelCounts;
    }

    /** Counts a request a channel's rate limit refused. */
    public void rateLimited(String channel) {
        rateLimited.labelValues(channel).inc();
    }

    /** Counts a scheduled run. */
    public void schedulerRun(String job, String outcome) {
        schedulerRuns.labelValues(job, outcome).inc();
    }

    /**
     * One outgoing connection's counters.
     *
     * @param ok       calls that succeeded
     * @param failed   calls that failed
     * @param duration how long calls took
     */
    public record OutgoingCounts(CounterDataPoint ok, CounterDataPoint failed, DistributionDataPoint duration) {
    }

    /**
     * @param kind       {@code http}, {@code sql}, {@code amqp}, {@code zeromq}, {@code kvdb}, ...
     * @param connection the connection's name
     * @return the counters every call through that connection adds to
     */
    public OutgoingCounts outgoing(String kind, String connection) {
        return new OutgoingCounts(outgoingRequests.labelValues(kind, connection, "ok"),
                outgoingRequests.labelValues(kind, connection, "failed"),
                outgoingDuration.labelValues(kind, connection));
    }
}
