package io.conduit.server.stats;

import io.conduit.server.invoke.InvocationRecorder;
import java.time.Clock;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Records every invocation's duration in memory, per service, on the invoking thread: no lock, no
 * I/O, no allocation once a service has been seen. The {@link StatsFlusher} takes the recorded
 * intervals away on its own thread. Calls slower than their service's threshold are also queued
 * (bounded) with their cid.
 */
public final class StatsRecorder implements InvocationRecorder {

    private static final int MAX_SLOW_QUEUED = 10_000;

    private final ConcurrentHashMap<String, IntervalCell> cells = new ConcurrentHashMap<>();
    private final Map<String, Long> slowThresholds;
    private final long defaultSlowNanos;
    private final String node;
    private final Clock clock;
    private final Queue<SlowCall> slowCalls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowQueued = new AtomicInteger();

    /**
     * @param slowThresholds   per-service thresholds in nanoseconds
     * @param defaultSlowNanos the threshold of other services
     */
    public StatsRecorder(Map<String, Long> slowThresholds, long defaultSlowNanos, String node, Clock clock) {
        this.slowThresholds = Map.copyOf(slowThresholds);
        this.defaultSlowNanos = defaultSlowNanos;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void record(String service, String cid, long nanos, boolean failed) {
        IntervalCell cell = cells.get(service);
        if (cell == null) {
            cell = cells.computeIfAbsent(service, s -> new IntervalCell());
        }
        cell.record(nanos, failed);
        Long threshold = slowThresholds.get(service);
        if (nanos >= (threshold == null ? defaultSlowNanos : threshold) && slowQueued.get() < MAX_SLOW_QUEUED) {
            slowQueued.incrementAndGet();
            slowCalls.add(new SlowCall(service, cid, clock.instant(), nanos / 1e6, node));
        }
    }

    /** Swaps every service's interval out and hands each to {@code consumer} (flusher thread only). */
    void drain(BiConsumer<String, Interval> consumer) {
        cells.forEach((service, cell) -> consumer.accept(service, cell.swap()));
    }

    /** @return the next queued slow call, or null */
    SlowCall pollSlowCall() {
        SlowCall call = slowCalls.poll();
        if (call != null) {
            slowQueued.decrementAndGet();
        }
        return call;
    }
}
