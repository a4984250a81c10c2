package io.conduit.server.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.kvdb.RedisOutages;
import io.conduit.server.tracing.Tracing;
import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * Runs the cluster's scheduled jobs, each due time exactly once in the cluster.
 *
 * <p>Every node knows every job (from the ODB, reloaded on every change) and ticks several times a
 * second. When a job is due, the nodes race for the due time with one Redis {@code SET NX} of a key
 * naming the job and the time: the node that sets it runs the job, the others move on. So a due time
 * runs once whatever the number of nodes, and if a node dies, the next due times go to the others.
 * The latest claimed due time is kept in Redis too: after a full outage, the nodes find the runs
 * they missed and {@code skip} them or run them once ({@code misfire}). With {@code overlap} off, a
 * run that finds the previous one still going (a lock in Redis, renewed while it runs) is skipped.
 * Each job keeps its last 100 runs in Redis.
 */
public final class Scheduler implements Reloadable, Managed {

    /** How late a due time may be picked up and still count as on time, not missed. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final String KEY = "conduit:scheduler:";
    private static final Duration CLAIM_TTL = Duration.ofDays(1);
    /** A running lock lives this long unless renewed: a node that dies mid-run blocks its job no longer. */
    private static final Duration RUNNING_TTL = Duration.ofSeconds(5);
    private static final int HISTORY = 100;
    /** Sets the latest claimed due time if it is later. KEYS: the key; ARGV: the time in ms. */
    private static final String RAISE = """
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
            return current""";
    /** Deletes a lock that is still this holder's. KEYS: the lock; ARGV: the holder. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    /** Runs a job's service. */
    public interface JobRunner {
        /**
         * @param job         the job
         * @param scheduledAt the due time it runs for
         * @param cid         the run's cid
         * @throws Exception the service's failure
         */
        void run(Job job, Instant scheduledAt, String cid) throws Exception;
    }

    private final Redis redis;
    private final JobRunner runner;
    private final RunCounter counter;
    private final Tracing tracing;
    private final Executor executor;
    private final ObjectMapper mapper;
    private final String node;
    private final Clock clock;
    private final BackgroundTask ticker;
    private final AtomicReference<Map<String, Job>> jobs = new AtomicReference<>(Map.of());
    /** the latest due time each job was handled for, on this node */
    private final Map<String, Instant> handled = new ConcurrentHashMap<>();
    /** the running locks this node holds, renewed on every tick: job name to holder */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final AtomicBoolean redisAway = new AtomicBoolean();
    private volatile Instant locksRenewedAt = Instant.EPOCH;

    /**
     * @param runner   runs a job's service
     * @param executor where runs happen (the node's background threads)
     */
    /** Told of every run this node started or skipped, with its outcome (ok, failed, skipped). */
    @FunctionalInterface
    public interface RunCounter {
        void count(String job, String outcome);
    }

    public Scheduler(Redis redis, JobRunner runner, Executor executor, ObjectMapper mapper, String node,
                     RunCounter counter, Tracing tracing, Clock clock) {
        this.redis = redis;
        this.tracing = tracing;
        this.counter = counter;
        this.runner = runner;
        this.executor = executor;
        this.mapper = mapper;
        this.node = node;
        this.clock = clock;
        this.ticker = new BackgroundTask("scheduler", BackgroundTask.Schedule.every(Duration.ofMillis(100)),
                Duration.ofSeconds(5), clock, this::tick);
    }

    @Override
    public void reload(Configuration configuration) {
        apply(configuration.list(Job.KIND));
    }

    /** Runs these jobs from now on; a job that changed counts its due times afresh. */
    void apply(List<Job> all) {
        Map<String, Job> next = new HashMap<>();
        for (Job job : all) {
            next.put(job.name(), job);
            Job before = jobs.get().get(job.name());
            if (before != null && !before.equals(job)) {
                handled.remove(job.name());
            }
        }
        handled.keySet().retainAll(next.keySet());
        jobs.set(Map.copyOf(next));
    }

    /** One tick: every active job that is due is claimed, and run here if this node won it. */
    void tick() {
        Instant now = clock.instant();
        try {
            renewRunningLocks(now);
            for (Job job : jobs.get().values()) {
                if (job.active()) {
                    consider(job, now);
                }
            }
            if (redisAway.compareAndSet(true, false)) {
                LOG.info("Redis answers again: scheduled jobs run again");
            }
        } catch (RuntimeException e) {
            if (!Redis.isUnreachable(e)) {
                throw e;
            }
            if (redisAway.compareAndSet(false, true)) {
                LOG.warn("Redis cannot be reached ({}): no scheduled job runs until it is back", e.getMessage());
            }
        }
    }

    private void consider(Job job, Instant now) {
        Instant since = handled.computeIfAbsent(job.name(), n -> firstSeen(job, now));
        Optional<Instant> next = job.nextAfter(since);
        if (next.isEmpty() || next.get().isAfter(now)) {
            return;
        }
        Instant due = next.get();
        boolean neverScheduled = since.equals(Instant.EPOCH);
        if (!neverScheduled && Duration.between(due, now).compareTo(GRACE) > 0) {
            Instant latest = job.latestAtOrBefore(now, since).orElse(due);
            if (job.misfire() == Job.Misfire.SKIP) {
                LOG.info("job {}: runs due from {} to {} were missed while no node was up; skipped (misfire: skip)",
                        job.name(), due, latest);
                raiseLast(job, latest);
                handled.put(job.name(), latest);
                return;
            }
            LOG.info("job {}: runs due from {} to {} were missed while no node was up; running once (misfire: run-once)",
                    job.name(), due, latest);
            due = latest;
        }
        handled.put(job.name(), due);
        if (claim(job, due)) {
            raiseLast(job, due);
            launch(job, due);
        }
    }

    /** @return the time a job's due times count from, the first time this node sees it */
    private Instant firstSeen(Job job, Instant now) {
        String last = redis.pool().get(KEY + "last:" + job.name());
        if (last != null) {
            return Instant.ofEpochMilli(Long.parseLong(last));
        }
        if (job.type() == Job.Type.ONE_TIME) {
            return Instant.EPOCH;
        }
        return now.minusMillis(1);
    }

    private boolean claim(Job job, Instant due) {
        return "OK".equals(redis.pool().set(KEY + "claim:" + job.name() + ":" + due.toEpochMilli(), node,
                SetParams.setParams().nx().px(CLAIM_TTL.toMillis())));
    }

    private void raiseLast(Job job, Instant due) {
        redis.pool().eval(RAISE, List.of(KEY + "last:" + job.name()), List.of(Long.toString(due.toEpochMilli())));
    }

    /**
     * Runs a job now on this node, outside its schedule (the admin API's "run now").
     *
     * @return the run's cid
     */
    public String runNow(Job job) {
        return launch(job, clock.instant());
    }

    /** Starts a run in a trace of its own, whose id is the run's cid. */
    private String launch(Job job, Instant due) {
        Span run = tracing.newTrace("job " + job.name(), SpanKind.INTERNAL);
        String cid = run.getSpanContext().getTraceId();
        try {
            executor.execute(Context.root().with(run).wrap(() -> {
                try {
                    execute(job, due, cid);
                } finally {
                    run.end();
                }
            }));
        } catch (RejectedExecutionException e) {
            record(job, new HistoryRow(cid, node, due.toString(), clock.instant().toString(), 0, "failed",
                    "this node's background threads are all busy"));
            run.end();
        }
        return cid;
    }

    private void execute(Job job, Instant due, String cid) {
        Instant started = clock.instant();
        String holder = node + "/" + cid;
        try {
            if (!job.overlap()) {
                boolean locked = "OK".equals(redis.pool().set(KEY + "running:" + job.name(), holder,
                        SetParams.setParams().nx().px(RUNNING_TTL.toMillis())));
                if (!locked) {
                    LOG.info("cid {} - job {} due at {} skipped: its previous run is still going (overlap: false)",
                            cid, job.name(), due);
                    record(job, new HistoryRow(cid, node, due.toString(), started.toString(), 0, "skipped",
                            "the previous run was still going"));
                    return;
                }
                running.put(job.name(), holder);
            }
            String error = null;
            try {
                runner.run(job, due, cid);
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            }
            long millis = Duration.between(started, clock.instant()).toMillis();
            // the run is over once its lock is gone: released before the run is recorded as done
            release(job, holder);
            record(job, new HistoryRow(cid, node, due.toString(), started.toString(), millis,
                    error == null ? "ok" : "failed", error));
        } catch (RuntimeException e) {
            LOG.warn("cid {} - job {} due at {} could not run: {}", cid, job.name(), due, e.toString());
        } finally {
            release(job, holder);
        }
    }

    private void release(Job job, String holder) {
        if (running.remove(job.name(), holder)) {
            try {
                redis.pool().eval(RELEASE, List.of(KEY + "running:" + job.name()), List.of(holder));
            } catch (RuntimeException e) {
                LOG.debug("job {}: its running lock could not be released ({}); it expires", job.name(), e.toString());
            }
        }
    }

    /** Renews this node's running locks a few times per TTL, not on every tick. */
    private void renewRunningLocks(Instant now) {
        if (running.isEmpty() || Duration.between(locksRenewedAt, now).compareTo(RUNNING_TTL.dividedBy(6)) < 0) {
            return;
        }
        running.forEach((job, holder) -> redis.pool().pexpire(KEY + "running:" + job, RUNNING_TTL.toMillis()));
        locksRenewedAt = now;
    }

    private void record(Job job, HistoryRow row) {
        counter.count(job.name(), row.outcome());
        try {
            String key = KEY + "history:" + job.name();
            redis.pool().lpush(key, mapper.writeValueAsString(row));
            redis.pool().ltrim(key, 0, HISTORY - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            LOG.warn("cid {} - job {}: its run ({}) could not be recorded: {}", row.cid(), job.name(), row.outcome(),
                    e.toString());
        }
    }

    /**
     * @param name a job's name
     * @return its last runs, the latest first
     * @throws KvdbUnavailableException if Redis cannot be reached
     */
    public List<HistoryRow> history(String name) {
        List<String> rows = RedisOutages.orUnavailable("the jobs' history cannot be read",
                () -> redis.pool().lrange(KEY + "history:" + name, 0, HISTORY - 1));
        List<HistoryRow> history = new ArrayList<>();
        for (String json : rows) {
            try {
                history.add(mapper.readValue(json, HistoryRow.class));
            } catch (JsonProcessingException e) {
                LOG.warn("a history row of job {} is not JSON: {}", name, json);
            }
        }
        return history;
    }

    /**
     * @param job a job
     * @return its next due time as this node sees it, or empty (paused, or a one-time job done)
     */
    public Optional<Instant> nextRun(Job job) {
        if (!job.active()) {
            return Optional.empty();
        }
        Instant since = handled.get(job.name());
        return job.nextAfter(since != null ? since : clock.instant());
    }

    @Override
    public void start() {
        ticker.start();
    }

    @Override
    public void stop() {
        ticker.stop();
    }
}
