package io.conduit.server.stats;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.StatsKeys;
import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends the recorded statistics to Redis in the background, once per interval, in one pipelined
 * round trip: this node instance's absolute totals and histogram per service for the current
 * minute, hour and day, each key with its TTL, plus the slow calls. If Redis is away, nothing is
 * lost until the backlog bound: the totals stay in memory and go out with the next flush that
 * works. A failure is logged once, never thrown: statistics never fail or slow down a request.
 */
public final class StatsFlusher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(StatsFlusher.class);
    private static final int SLOW_CALLS_KEPT = 100;
    private static final int SLOW_CALLS_PER_FLUSH = 1000;

    private final StatsRecorder recorder;
    private final Redis redis;
    private final ObjectMapper mapper;
    private final String instance;
    private final Duration interval;
    private final Map<Resolution, Duration> ttls;
    private final Clock clock;
    private final Aggregates aggregates;
    private final Counter failedFlushes;
    private final Counter lostCalls;
    private BackgroundTask task;
    private Instant intervalStart;
    private boolean failing;

    /**
     * @param instance    this node instance, {@code <node>@<start millis>}
     * @param ttls        how long each resolution's keys live
     * @param maxBacklog  past buckets of each resolution kept while Redis is away
     */
    public StatsFlusher(StatsRecorder recorder, Redis redis, ObjectMapper mapper, String instance, Duration interval,
                        Map<Resolution, Duration> ttls, Map<Resolution, Integer> maxBacklog, Clock clock,
                        Counter failedFlushes, Counter lostCalls) {
        this.recorder = recorder;
        this.redis = redis;
        this.mapper = mapper;
        this.instance = instance;
        this.interval = interval;
        this.ttls = Map.copyOf(ttls);
        this.clock = clock;
        this.aggregates = new Aggregates(maxBacklog);
        this.failedFlushes = failedFlushes;
        this.lostCalls = lostCalls;
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
     * day the interval began in), writes what changed, forgets what is past and written.
     */
    synchronized void flush() {
        Instant start = intervalStart;
        intervalStart = clock.instant();
        recorder.drain((service, recorded) -> aggregates.add(service, start, recorded));
        List<Aggregates.Dirty> dirty = aggregates.dirty();
        List<SlowCall> slow = slowCalls();
        if (!dirty.isEmpty() || !slow.isEmpty()) {
            try {
                write(dirty, slow);
                aggregates.written(dirty);
                if (failing) {
                    LOG.info("Stats - Redis at {} is back; the statistics kept meanwhile are sent", redis.address());
                    failing = false;
                }
            } catch (JedisException e) {
                failedFlushes.inc();
                if (!failing) {
                    LOG.warn("Stats - cannot send statistics to Redis at {} ({}); keeping them in memory until it is"
                            + " back", redis.address(), e.getMessage());
                    failing = true;
                }
            }
        }
        long lost = aggregates.evict(intervalStart);
        if (lost > 0) {
            lostCalls.inc(lost);
            LOG.warn("Stats - dropped the statistics of {} calls: Redis has been away longer than the backlog holds",
                    lost);
        }
    }

    private void write(List<Aggregates.Dirty> dirty, List<SlowCall> slow) {
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

    private String json(SlowCall call) {
        try {
            return mapper.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
