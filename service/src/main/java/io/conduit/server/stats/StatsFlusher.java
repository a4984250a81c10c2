package io.conduit.server.stats;

import com.codahale.metrics.Counter;
import io.conduit.common.stats.Resolution;
import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the recorded statistics to their sink (Redis) in the background, once per interval: this
 * node instance's absolute totals and histogram per service for the current minute, hour and day,
 * plus the slow calls. If the sink is away, nothing is lost until the backlog bound: the totals stay
 * in memory and go out with the next flush that works. A failure is logged once, never thrown:
 * statistics never fail or slow down a request.
 */
public final class StatsFlusher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(StatsFlusher.class);
    private static final int SLOW_CALLS_PER_FLUSH = 1000;

    private final StatsRecorder recorder;
    private final StatsSink sink;
    private final Duration interval;
    private final Clock clock;
    private final Aggregates aggregates;
    private final Counter failedFlushes;
    private final Counter lostCalls;
    private final ServiceMetrics totals;
    private BackgroundTask task;
    private Instant intervalStart;
    private boolean failing;

    /** @param maxBacklog past buckets of each resolution kept while the sink is away */
    StatsFlusher(StatsRecorder recorder, StatsSink sink, Duration interval, Map<Resolution, Integer> maxBacklog,
                 Clock clock, Counter failedFlushes, Counter lostCalls, ServiceMetrics totals) {
        this.recorder = recorder;
        this.sink = sink;
        this.interval = interval;
        this.clock = clock;
        this.aggregates = new Aggregates(maxBacklog);
        this.failedFlushes = failedFlushes;
        this.lostCalls = lostCalls;
        this.totals = totals;
        this.intervalStart = clock.instant();
    }

    /** Flushes on every interval, aligned to the wall clock so intervals rarely straddle a minute. */
    @Override
    public synchronized void start() {
        intervalStart = clock.instant();
        long period = interval.toMillis();
        Duration delay = Duration.ofMillis(period - Math.floorMod(clock.millis(), period));
        task = new BackgroundTask("stats-flusher", BackgroundTask.Schedule.every(interval).firstAfter(delay).atFixedRate(),
                Duration.ofSeconds(5), clock, this::flush);
        task.start();
    }

    /** Sends what is left, once, then stops. */
    @Override
    public void stop() {
        BackgroundTask running;
        synchronized (this) {
            running = task;
        }
        if (running != null && !running.isStopped()) {
            running.stop();
            running.runOnce();
        }
    }

    /**
     * One flush: takes the intervals recorded since the last one (counted in the minute, hour and
     * day the interval began in, and in the totals Prometheus reads), writes what changed, forgets
     * what is past and written.
     */
    synchronized void flush() {
        Instant start = intervalStart;
        intervalStart = clock.instant();
        recorder.drain((service, recorded) -> {
            aggregates.add(service, start, recorded);
            totals.add(service, recorded);
        });
        List<Aggregates.Dirty> dirty = aggregates.dirty();
        List<SlowCall> slow = slowCalls();
        if (!dirty.isEmpty() || !slow.isEmpty()) {
            try {
                sink.write(dirty, slow);
                aggregates.written(dirty);
                if (failing) {
                    LOG.info("Stats - {} is back; the statistics kept meanwhile are sent", sink.address());
                    failing = false;
                }
            } catch (StatsSink.StatsSinkException e) {
                failedFlushes.inc();
                if (!failing) {
                    LOG.warn("Stats - cannot send statistics to {} ({}); keeping them in memory until it is back",
                            sink.address(), e.getMessage());
                    failing = true;
                }
            }
        }
        long lost = aggregates.evict(intervalStart);
        if (lost > 0) {
            lostCalls.inc(lost);
            LOG.warn("Stats - dropped the statistics of {} calls: {} has been away longer than the backlog holds",
                    lost, sink.address());
        }
    }

    private List<SlowCall> slowCalls() {
        List<SlowCall> calls = new java.util.ArrayList<>();
        for (SlowCall call = recorder.pollSlowCall(); call != null && calls.size() < SLOW_CALLS_PER_FLUSH;
             call = recorder.pollSlowCall()) {
            calls.add(call);
        }
        return calls;
    }
}
