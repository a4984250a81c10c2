package io.conduit.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Requests per channel and HTTP status, counted on the hot path without a lookup of labels: each
 * channel keeps its counters in an array by status, filled the first time a status is seen.
 */
public final class ChannelCounts {

    private static final int LOWEST = 100;
    private static final int STATUSES = 500;

    private final Counter counter;
    private final ConcurrentHashMap<String, AtomicReferenceArray<CounterDataPoint>> channels = new ConcurrentHashMap<>();

    ChannelCounts(Counter counter) {
        this.counter = counter;
    }

    /**
     * @param channel the channel's name, or "" when no channel served the request
     * @param status  the response's status
     */
    public void count(String channel, int status) {
        AtomicReferenceArray<CounterDataPoint> byStatus = channels.get(channel);
        if (byStatus == null) {
            byStatus = channels.computeIfAbsent(channel, c -> new AtomicReferenceArray<>(STATUSES));
        }
        int index = status - LOWEST;
        if (index < 0 || index >= STATUSES) {
            counter.labelValues(channel, Integer.toString(status)).inc();
            return;
        }
        CounterDataPoint point = byStatus.get(index);
        if (point == null) {
            point = counter.labelValues(channel, Integer.toString(status));
            byStatus.set(index, point);
        }
        point.inc();
    }
}
