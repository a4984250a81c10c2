package io.conduit.server.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.AsyncOptions;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.invoke.DurableInvocations;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.UnknownServiceException;
import io.conduit.server.kvdb.RedisOutages;
import io.conduit.server.tracing.SpanAttributes;
import io.conduit.server.tracing.Tracing;
import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Durable asynchronous invocations in Redis Streams, run by every node's workers in one consumer
 * group, so any live node may run any of them.
 *
 * <ul>
 * <li>{@code invokeAsync} adds an entry to the stream before it returns (or to a sorted set of
 * delayed ones, which any node moves to the stream when due, atomically).</li>
 * <li>A worker reads an entry, runs the service, and then, in one Lua script: acknowledges and
 * deletes it; or puts its next attempt in the delayed set (backoff doubling); or, after the last
 * attempt, puts it in the dead letters.</li>
 * <li>While a node runs an entry it claims it again every few seconds, which keeps it its own. An
 * entry that nobody has claimed for {@code visibilityTimeout} belongs to a node that stopped: any
 * node takes it over and runs its next attempt. Delivery is therefore at least once.</li>
 * </ul>
 */
public final class DurableQueue implements DurableInvocations, Managed {

    static final String STREAM = "conduit:async:stream";
    static final String GROUP = "conduit-workers";
    static final String DELAYED = "conduit:async:delayed";
    static final String DEAD = "conduit:async:dead";
    private static final Logger LOG = LoggerFactory.getLogger(DurableQueue.class);

    /** Moves due delayed invocations to the stream. KEYS: delayed, stream; ARGV: now. */
    private static final String MOVE_DUE = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
            for _, member in ipairs(due) do
              local fields = cjson.decode(member)
              local args = {}
              for k, v in pairs(fields) do table.insert(args, k); table.insert(args, tostring(v)) end
              redis.call('XADD', KEYS[2], '*', unpack(args))
              redis.call('ZREM', KEYS[1], member)
            end
            return #due""";
    /** Done: ack and delete. KEYS: stream; ARGV: group, id. */
    private static final String DONE = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])""";
    /** Retry later: to the delayed set, then ack and delete. KEYS: stream, delayed; ARGV: group, id, due, json. */
    private static final String RETRY = """
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])""";
    /** Give up: to the dead letters, then ack and delete. KEYS: stream, dead; ARGV: group, id, dead id, json. */
    private static final String BURY = """
            redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])""";

    private final Redis redis;
    private final Tracing tracing;
    private final Invoker invoker;
    private final ObjectMapper mapper;
    private final String node;
    private final Duration visibilityTimeout;
    private final Clock clock;
    private final List<BackgroundTask> workers = new ArrayList<>();
    private final BackgroundTask upkeep;
    private final Set<StreamEntryID> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean groupReady = new AtomicBoolean();
    private final AtomicBoolean redisAway = new AtomicBoolean();

    /**
     * @param workers           how many invocations this node runs at once
     * @param visibilityTimeout how long an entry nobody claims stays with a node before another takes it over
     */
    public DurableQueue(Redis redis, Invoker invoker, Tracing tracing, ObjectMapper mapper, String node, int workers,
                        Duration visibilityTimeout, Clock clock) {
        this.redis = redis;
        this.tracing = tracing;
        this.invoker = invoker;
        this.mapper = mapper;
        this.node = node;
        this.visibilityTimeout = visibilityTimeout;
        this.clock = clock;
        for (int i = 1; i <= workers; i++) {
            this.workers.add(new BackgroundTask("async-worker-" + i, BackgroundTask.Schedule.every(Duration.ofMillis(1)),
                    Duration.ofSeconds(30), clock, this::work));
        }
        Duration every = Duration.ofMillis(Math.max(100, Math.min(1000, visibilityTimeout.toMillis() / 4)));
        this.upkeep = new BackgroundTask("async-upkeep", BackgroundTask.Schedule.every(every), Duration.ofSeconds(5),
                clock, this::upkeep);
    }

    @Override
    public void enqueue(String service, String payload, AsyncOptions options, String cid, String traceparent) {
        AsyncInvocation invocation = new AsyncInvocation(cid, service, payload, 1, options.maxAttempts(),
                options.backoff().toMillis(), traceparent);
        String what = "the durable invocation of '" + service + "' cannot be stored (nothing was queued)";
        if (options.delay().isZero()) {
            RedisOutages.orUnavailable(what, () -> redis.pool().xadd(STREAM, StreamEntryID.NEW_ENTRY,
                    invocation.fields()));
        } else {
            String member = json(invocation.fields());
            RedisOutages.orUnavailable(what, () -> redis.pool().zadd(DELAYED,
                    clock.millis() + options.delay().toMillis(), member));
        }
    }

    /** One worker's run: at most one entry, waiting up to a second for it. */
    private void work() {
        if (!ensureGroup()) {
            pause();
            return;
        }
        List<Map.Entry<String, List<StreamEntry>>> read;
        try {
            read = redis.pool().xreadGroup(GROUP, node, XReadGroupParams.xReadGroupParams().count(1).block(1000),
                    Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            back();
        } catch (RuntimeException e) {
            away(e);
            return;
        }
        if (read == null) {
            return;
        }
        for (Map.Entry<String, List<StreamEntry>> stream : read) {
            for (StreamEntry entry : stream.getValue()) {
                run(entry.getID(), AsyncInvocation.of(entry.getFields()));
            }
        }
    }

    private void run(StreamEntryID id, AsyncInvocation invocation) {
        running.add(id);
        String error = null;
        Span span = tracing.tracer().spanBuilder(invocation.service() + " attempt " + invocation.attempt())
                .setParent(invocation.traceparent() == null ? Context.root()
                        : tracing.extract(Map.of("traceparent", invocation.traceparent())))
                .setSpanKind(SpanKind.CONSUMER).setAttribute(SpanAttributes.ATTEMPT, (long) invocation.attempt()).startSpan();
        try (Scope scope = span.makeCurrent()) {
            invoker.invoke(invocation.service(), invoker.requestOf(mapper.readTree(invocation.payload())),
                    invocation.cid(), invocation.attempt());
        } catch (UnknownServiceException e) {
            error = "service '" + invocation.service() + "' is not deployed";
        } catch (InvocationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (RuntimeException | JsonProcessingException e) {
            error = e.toString();
        } finally {
            running.remove(id);
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error);
            }
            span.end();
        }
        finish(id, invocation, error);
    }

    /** Acknowledges an entry that ran; a failed one is retried later or buried. */
    private void finish(StreamEntryID id, AsyncInvocation invocation, String error) {
        try {
            if (error == null) {
                redis.pool().eval(DONE, List.of(STREAM), List.of(GROUP, id.toString()));
            } else if (invocation.attempt() < invocation.maxAttempts()) {
                long due = clock.millis() + invocation.backoffAfterFailure();
                LOG.warn("cid {} - durable invocation of {} failed on attempt {} of {} ({}); next attempt in {} ms",
                        invocation.cid(), invocation.service(), invocation.attempt(), invocation.maxAttempts(), error,
                        due - clock.millis());
                redis.pool().eval(RETRY, List.of(STREAM, DELAYED), List.of(GROUP, id.toString(), Long.toString(due),
                        mapper.writeValueAsString(invocation.next().fields())));
            } else {
                LOG.error("cid {} - durable invocation of {} failed on its last attempt ({} of {}): {}; it is in the dead"
                                + " letters (GET /conduit/admin/async/dead-letters)", invocation.cid(),
                        invocation.service(), invocation.attempt(), invocation.maxAttempts(), error);
                redis.pool().eval(BURY, List.of(STREAM, DEAD), List.of(GROUP, id.toString(), invocation.cid(),
                        mapper.writeValueAsString(new DeadLetter(invocation.cid(), invocation.service(),
                                mapper.readTree(invocation.payload()), error, invocation.attempt(), invocation.cid(),
                                Instant.ofEpochMilli(clock.millis()).toString()))));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // not acknowledged: after the visibility timeout another node (or this one) takes it over
            LOG.warn("cid {} - the outcome of the durable invocation of {} could not be recorded ({}); it will run"
                    + " again", invocation.cid(), invocation.service(), e.toString());
        }
    }

    /**
     * Moves due delayed invocations to the stream, keeps the entries this node runs its own, and takes
     * over those of nodes that stopped.
     */
    private void upkeep() {
        if (!ensureGroup()) {
            return;
        }
        try {
            redis.pool().eval(MOVE_DUE, List.of(DELAYED, STREAM), List.of(Long.toString(clock.millis())));
            if (!running.isEmpty()) {
                redis.pool().xclaimJustId(STREAM, GROUP, node, 0, XClaimParams.xClaimParams(),
                        running.toArray(StreamEntryID[]::new));
            }
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = redis.pool().xautoclaim(STREAM, GROUP, node,
                    visibilityTimeout.toMillis(), new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(10));
            for (StreamEntry entry : claimed.getValue()) {
                if (entry == null || entry.getFields() == null) {
                    continue;
                }
                AsyncInvocation invocation = AsyncInvocation.of(entry.getFields());
                LOG.warn("cid {} - the durable invocation of {} (attempt {}) was not finished by the node running it"
                        + " within {}; taking it over", invocation.cid(), invocation.service(), invocation.attempt(),
                        visibilityTimeout);
                finish(entry.getID(), invocation, "the node running attempt " + invocation.attempt()
                        + " stopped before it finished");
            }
            back();
        } catch (RuntimeException e) {
            away(e);
        }
    }

    private boolean ensureGroup() {
        if (groupReady.get()) {
            return true;
        }
        try {
            redis.pool().xgroupCreate(STREAM, GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                away(e);
                return false;
            }
        } catch (RuntimeException e) {
            away(e);
            return false;
        }
        groupReady.set(true);
        return true;
    }

    /** Redis failed: waits a moment, saying so once for an outage (or at each other failure). */
    private void away(RuntimeException e) {
        if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
            groupReady.set(false);
        } else if (!Redis.isUnreachable(e)) {
            LOG.warn("durable invocations: Redis refused a command: {}", e.toString());
        } else if (redisAway.compareAndSet(false, true)) {
            LOG.warn("Redis cannot be reached ({}): durable invocations wait until it is back", e.getMessage());
        }
        pause();
    }

    private void back() {
        if (redisAway.compareAndSet(true, false)) {
            LOG.info("Redis answers again: durable invocations run again");
        }
    }

    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }

    /**
     * The queue's size, cluster-wide.
     *
     * @param pending     invocations waiting to run or running, delayed ones (retries, later starts) included
     * @param deadLetters invocations that used up their attempts
     */
    public record Counts(long pending, long deadLetters) {
    }

    /**
     * @return the queue's size now
     * @throws io.conduit.api.KvdbUnavailableException if Redis cannot be reached
     */
    public Counts counts() {
        return RedisOutages.orUnavailable("the durable queue cannot be read", () -> new Counts(
                redis.pool().xlen(STREAM) + redis.pool().zcard(DELAYED), redis.pool().hlen(DEAD)));
    }

    /** @return every dead letter, the latest failure first */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        for (String json : read(() -> redis.pool().hgetAll(DEAD)).values()) {
            try {
                letters.add(mapper.readValue(json, DeadLetter.class));
            } catch (JsonProcessingException e) {
                LOG.warn("a dead letter in Redis is not JSON: {}", json);
            }
        }
        letters.sort(Comparator.comparing(DeadLetter::failedAt).reversed());
        return letters;
    }

    /**
     * Runs a dead letter again, from its first attempt, and takes it out of the dead letters.
     *
     * @return whether there was such a letter
     */
    public boolean replay(String id) {
        String json = read(() -> redis.pool().hget(DEAD, id));
        if (json == null) {
            return false;
        }
        try {
            DeadLetter letter = mapper.readValue(json, DeadLetter.class);
            AsyncInvocation again = new AsyncInvocation(letter.cid(), letter.service(),
                    mapper.writeValueAsString(letter.payload()), 1, Math.max(1, letter.attempts()), 1000, null);
            if (read(() -> redis.pool().hdel(DEAD, id)) == 1) {
                read(() -> redis.pool().xadd(STREAM, StreamEntryID.NEW_ENTRY, again.fields()));
                LOG.info("cid {} - dead letter of {} replayed", letter.cid(), letter.service());
            }
            return true;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dead letter " + id + " is not JSON", e);
        }
    }

    /** @return whether there was such a letter, now discarded */
    public boolean discard(String id) {
        return read(() -> redis.pool().hdel(DEAD, id)) == 1;
    }

    private static <T> T read(java.util.function.Supplier<T> call) {
        return RedisOutages.orUnavailable("the dead letters cannot be read or changed", call);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        workers.forEach(BackgroundTask::start);
        upkeep.start();
    }

    @Override
    public void stop() {
        upkeep.stop();
        workers.forEach(BackgroundTask::stop);
    }
}
