package io.conduit.server.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.conduit.api.Request;
import io.conduit.common.cid.Cids;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.consume.Payloads;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.outgoing.KafkaClients;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka channel on this node: {@code consumers} members of the channel's consumer group, each
 * a consumer of its own with two threads: one polls and commits, one hands the records to the
 * service, so fetching the next batch and committing the last overlap the service's work on the
 * batch in hand. Each record invokes the service; a partition's offset
 * is committed once the service returned for the records before it (at-least-once: a node that
 * dies leaves what it had not committed to the next owner of the partition). A record whose service
 * fails is tried again after a backoff, its partition paused meanwhile while the others flow; after
 * its last attempt it is written to the dead-letter topic, with headers saying why, and its
 * partition moves on. {@link #stop} lets the record in hand finish, commits, and leaves the group.
 */
final class TopicConsumers implements ConsumingChannels.Consumers<KafkaChannelConfig, KafkaChannels.Row> {

    /** Headers of a dead-lettered record, beside the record's own. */
    static final String ERROR = "conduit-error";
    static final String ATTEMPTS = "conduit-attempts";
    static final String ORIGINAL_TOPIC = "conduit-original-topic";
    static final String ORIGINAL_PARTITION = "conduit-original-partition";
    static final String ORIGINAL_OFFSET = "conduit-original-offset";
    private static final String TRACEPARENT = "traceparent";
    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumers.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration POLL_WHILE_HANDLING = Duration.ofMillis(10);
    /** A batch stops (and polls again) once it took this long, well within the group's max.poll.interval.ms. */
    private static final long BATCH_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_POLL_INTERVAL_MS = 300_000;
    private static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaChannelConfig config;
    private final Invoker invoker;
    private final Tracing tracing;
    private final ObjectMapper mapper;
    private final ObjectReader tree;
    private final String node;
    private final Clock clock;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final LongAdder handled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private volatile boolean stopping;
    private volatile boolean broken;
    private volatile String startError;
    private volatile KafkaChannels.Seen last;
    private volatile KafkaChannels.Seen lastFailure;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private long nextStartAt;

    TopicConsumers(KafkaChannelConfig config, Invoker invoker, Tracing tracing, ObjectMapper mapper, String node,
                   Clock clock) {
        this.config = config;
        this.invoker = invoker;
        this.tracing = tracing;
        this.mapper = mapper;
        this.tree = Payloads.reader(mapper);
        this.node = node;
        this.clock = clock;
    }

    @Override
    public KafkaChannelConfig config() {
        return config;
    }

    @Override
    public boolean due() {
        return (members.isEmpty() || broken) && clock.millis() >= nextStartAt;
    }

    @Override
    public void start() {
        if (!members.isEmpty()) {
            stop(ConsumingChannels.STOP_GRACE);
        }
        broken = false;
        nextStartAt = clock.millis() + 5_000;
        stopping = false;
        try {
            for (int i = 0; i < config.consumers(); i++) {
                members.add(new Member(i));
            }
        } catch (KafkaException e) {
            startError = "cannot make a consumer: " + describe(e);
            LOG.warn("{} - {}; trying again every 5 s", config.name(), startError);
            members.forEach(Member::close);
            members.clear();
            return;
        }
        startError = null;
        members.forEach(Member::start);
        LOG.info("{} - consuming {} at {} as group '{}' with {} consumer(s)", config.name(), config.topics(),
                config.bootstrapServers(), config.groupId(), config.consumers());
    }

    /**
     * Stops the consumers: each finishes the record in hand, commits and leaves the group (its
     * partitions go to the other members at once); a consumer still busy after {@code grace} is
     * woken and leaves what it did not commit to the next owner.
     */
    @Override
    public void stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Member member : members) {
            member.await(deadline);
        }
        members.clear();
        synchronized (this) {
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
                deadLetters = null;
            }
        }
        LOG.info("{} - stopped consuming {}", config.name(), config.topics());
    }

    @Override
    public KafkaChannels.Row row() {
        List<KafkaChannels.Assigned> assigned = new ArrayList<>();
        String error = startError;
        for (Member member : members) {
            assigned.addAll(member.assigned);
            if (error == null) {
                error = member.error;
            }
        }
        assigned.sort(Comparator.comparing(KafkaChannels.Assigned::topic).thenComparing(KafkaChannels.Assigned::partition));
        Long lag = null;
        for (KafkaChannels.Assigned a : assigned) {
            if (a.lag() != null) {
                lag = (lag == null ? 0 : lag) + a.lag();
            }
        }
        String state = members.isEmpty() ? "not connected" : error != null ? "recovering"
                : assigned.isEmpty() ? "waiting for partitions" : "consuming";
        return new KafkaChannels.Row(node, state, members.size(), assigned, lag, handled.sum(), failed.sum(),
                retried.sum(), deadLettered.sum(), error, last, lastFailure, clock.millis());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }

    /** A record polled, and, once read, its request to the service. */
    private static final class Consumed {
        final ConsumerRecord<byte[], byte[]> record;
        /**
         * The service's request: read by the poller while the worker is busy with the batch before, or
         * by the worker when the poller did not get to it (never both: the poller stops reading before
         * it hands the batch over).
         */
        Request request;

        Consumed(ConsumerRecord<byte[], byte[]> record) {
            this.record = record;
        }
    }

    /** A record waiting for its next attempt: its partition is paused until then. */
    private record Retry(long offset, int attempt, long dueAt) {
    }

    /** Reads the trace context from a record's headers. */
    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    /**
     * What handling a batch leaves for the polling thread to do with the consumer: the offsets to
     * commit, and the partitions to go back to (a record to try again later, or where a batch that
     * had to stop stopped), whose records polled meanwhile are dropped.
     */
    private static final class Outcome {
        final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        final Map<TopicPartition, Long> seeks = new HashMap<>();
        final List<TopicPartition> holds = new ArrayList<>();
    }

    /**
     * One member of the group: a consumer, the thread that polls and commits it, and the thread that
     * hands its records to the service. The poller fetches the next batch and commits the last one
     * while the service works through the batch in hand; only the poller touches the consumer.
     */
    private final class Member implements Runnable, ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final ExecutorService worker;
        private final Map<TopicPartition, Retry> retries = new ConcurrentHashMap<>();
        /** What the worker handled so far of a batch that takes long, to commit on the way (worker to poller). */
        private final AtomicReference<Map<TopicPartition, OffsetAndMetadata>> progress = new AtomicReference<>();
        // the poller keeps the time of the batch in hand (a clock read a record costs the worker more than
        // its statistics): it asks the worker for its progress each second, and to stop past the budget
        private volatile boolean progressWanted;
        private volatile boolean cutShort;
        // poller only: the batch the worker has in hand, since when, and when its progress was last asked for
        private Future<Outcome> inHand;
        private long inHandSince;
        private long progressAskedAt;
        // worker only: the latest record handled and not shown yet, with its cid and attempt
        private ConsumerRecord<byte[], byte[]> lastRecord;
        private String lastCid;
        private int lastAttempt;
        private volatile boolean abandoned;
        private final OffsetCommitCallback notCommitted = (offsets, e) -> {
            if (e != null) {
                LOG.warn("{} - could not commit {}: {}; the next commit covers them, unless their partitions move on"
                        + " first: then their next owners may handle those records again", config.name(), offsets,
                        describe(e));
            }
        };
        // poller only: what stopped the worker, even when it was met inside a poll (a rebalance's callback)
        private RuntimeException workerFailure;
        volatile List<KafkaChannels.Assigned> assigned = List.of();
        volatile String error;

        Member(int index) {
            Properties p = KafkaClients.common(config.bootstrapServers(),
                    "conduit-" + node + "-channel-" + config.name() + "-" + index, config.sasl());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // a new group starts at the beginning: records written before the channel existed are handled too
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // a hand-over to the worker and a commit per 2,000 records rather than per Kafka's default 500
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(MAX_POLL_INTERVAL_MS));
            // a node killed outright gives its partitions up within ten seconds
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
            consumer = KafkaClients.make(() -> new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
            String name = "kafka-" + config.name() + "-" + index;
            thread = new Thread(this, name + "-poll");
            thread.setDaemon(true);
            worker = Executors.newSingleThreadExecutor(work -> {
                Thread t = new Thread(work, name);
                t.setDaemon(true);
                return t;
            });
        }

        void start() {
            consumer.subscribe(config.topics(), this);
            thread.start();
        }

        /** Waits for the member to leave the group, giving up the batch in hand once the deadline passed. */
        void await(long deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (thread.isAlive()) {
                    LOG.warn("{} - a consumer is still handling a record after the grace period; leaving the group:"
                            + " the next owner of its partition handles what it did not commit", config.name());
                    abandoned = true;
                    consumer.wakeup();
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            worker.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
        }

        @Override
        public void run() {
            boolean finished = false;
            try {
                while (!stopping) {
                    if (workerFailure != null) {
                        throw workerFailure;
                    }
                    resumeDue();
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        // while a batch is in hand, poll briefly: its offsets are committed soon after it is done
                        records = consumer.poll(inHand == null ? POLL : POLL_WHILE_HANDLING);
                        error = null;
                    } catch (WakeupException e) {
                        break;
                    } catch (KafkaException e) {
                        String now = describe(e);
                        if (!now.equals(error)) {
                            LOG.warn("{} - polling {}: {}; polling again", config.name(), config.topics(), now);
                        }
                        error = now;
                        continue;
                    }
                    if (records.isEmpty() && inHand != null && !inHand.isDone()) {
                        watchInHand();
                        continue;
                    }
                    Map<TopicPartition, List<Consumed>> next = polled(records);
                    readWhileBusy(next);
                    Outcome handled = finish();
                    if (handled != null) {
                        next.keySet().removeAll(handled.seeks.keySet());
                    }
                    if (!next.isEmpty()) {
                        handOver(next);
                    }
                    if (handled != null) {
                        commit(handled.done, false);
                    }
                    measureLag();
                }
                if (!abandoned) {
                    finishAndCommit();
                }
                finished = true;
            } catch (WakeupException e) {
                LOG.debug("{} - woken while stopping", config.name());
            } catch (RuntimeException e) {
                // what it did not commit goes to the partitions' next owners
                broken = true;
                error = "a consumer stopped on " + e + "; starting again";
                LOG.error("{} - a consumer stopped on an unexpected error; the channel starts again", config.name(), e);
            } finally {
                if (!finished) {
                    abandoned = true;
                }
                worker.shutdownNow();
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debug("{} - closing a consumer: {}", config.name(), e.toString());
                }
                assigned = List.of();
            }
        }

        /**
         * Waits for the batch in hand, committing what it handled on the way when it takes long, and
         * puts the consumer where it left its partitions.
         *
         * @return what it left, or null when there was none (or the member gave it up)
         */
        private Outcome finish() {
            Future<Outcome> batch = inHand;
            if (batch == null || abandoned) {
                return null;
            }
            try {
                while (true) {
                    try {
                        Outcome outcome = batch.get(1, TimeUnit.SECONDS);
                        inHand = null;
                        progress.set(null);
                        outcome.seeks.forEach(consumer::seek);
                        consumer.pause(outcome.holds);
                        return outcome;
                    } catch (TimeoutException slow) {
                        if (abandoned) {
                            throw new WakeupException();
                        }
                        watchInHand();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the service handled a batch", e);
            } catch (ExecutionException e) {
                inHand = null;
                workerFailure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                throw workerFailure;
            }
        }

        /** Gives the worker its next batch, and starts keeping that batch's time (poller only). */
        private void handOver(Map<TopicPartition, List<Consumed>> next) {
            cutShort = false;
            progressWanted = false;
            inHandSince = System.nanoTime();
            progressAskedAt = inHandSince;
            inHand = worker.submit(() -> handle(next));
        }

        /**
         * Commits what the worker handled so far of the batch in hand, asks it for its progress once a
         * second, and to stop once the batch took its budget (poller only, while a batch is in hand).
         */
        private void watchInHand() {
            Map<TopicPartition, OffsetAndMetadata> sofar = progress.getAndSet(null);
            if (sofar != null) {
                commit(sofar, false);
            }
            long now = System.nanoTime();
            if (now - progressAskedAt >= COMMIT_EVERY_NANOS) {
                progressWanted = true;
                progressAskedAt = now;
            }
            if (now - inHandSince > BATCH_BUDGET_NANOS) {
                cutShort = true;
            }
        }

        /** Waits for the batch in hand and for its commit, and for the commits sent before it. */
        private void finishAndCommit() {
            Outcome handled = finish();
            commit(handled == null ? Map.of() : handled.done, true);
        }

        /** @return the records polled, partition by partition */
        private Map<TopicPartition, List<Consumed>> polled(ConsumerRecords<byte[], byte[]> records) {
            Map<TopicPartition, List<Consumed>> polled = new LinkedHashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
                List<Consumed> consumed = new ArrayList<>(ofPartition.size());
                for (ConsumerRecord<byte[], byte[]> record : ofPartition) {
                    consumed.add(new Consumed(record));
                }
                polled.put(partition, consumed);
            }
            return polled;
        }

        /**
         * Reads the requests of the next batch, in the order the worker takes them, for as long as the
         * worker is busy with the batch in hand: the worker reads the rest itself, so neither thread
         * waits for work the other could have done.
         */
        private void readWhileBusy(Map<TopicPartition, List<Consumed>> next) {
            Future<Outcome> busy = inHand;
            if (busy == null) {
                return;
            }
            for (List<Consumed> ofPartition : next.values()) {
                for (Consumed consumed : ofPartition) {
                    if (busy.isDone()) {
                        return;
                    }
                    consumed.request = request(consumed.record);
                }
            }
        }

        /**
         * Handles a batch partition by partition (worker thread); in a batch that takes longer than a
         * second it publishes what it handled so far each time the poller asks, for the poller to
         * commit. A node that dies leaves at most the batch in hand and the one before it, whose commit
         * may not have reached the broker (or the last second's records) to be handled again.
         */
        private Outcome handle(Map<TopicPartition, List<Consumed>> batch) {
            Outcome outcome = new Outcome();
            for (Map.Entry<TopicPartition, List<Consumed>> entry : batch.entrySet()) {
                TopicPartition partition = entry.getKey();
                long next = -1;
                for (Consumed consumed : entry.getValue()) {
                    ConsumerRecord<byte[], byte[]> record = consumed.record;
                    if (stopping || abandoned || cutShort) {
                        outcome.seeks.put(partition, record.offset());
                        break;
                    }
                    if (!handle(partition, consumed, outcome)) {
                        break;
                    }
                    next = record.offset() + 1;
                    if (progressWanted) {
                        progressWanted = false;
                        Map<TopicPartition, OffsetAndMetadata> sofar = new HashMap<>(outcome.done);
                        sofar.put(partition, new OffsetAndMetadata(next));
                        progress.set(sofar);
                        showLast();
                    }
                }
                if (next >= 0) {
                    outcome.done.put(partition, new OffsetAndMetadata(next));
                }
            }
            showLast();
            return outcome;
        }

        /** Shows the latest record handled (once a batch, not once a record: they come by the hundred thousand). */
        private void showLast() {
            if (lastRecord != null) {
                last = new KafkaChannels.Seen(lastCid, lastRecord.topic(), lastRecord.partition(), lastRecord.offset(),
                        lastAttempt, null, clock.millis());
                lastRecord = null;
            }
        }

        /**
         * Commits the offsets after the records handled (poller thread): without waiting for the broker
         * while records flow (the next commit covers a failed one), waiting when partitions go or the
         * member stops.
         */
        private void commit(Map<TopicPartition, OffsetAndMetadata> done, boolean wait) {
            if (!wait) {
                if (!done.isEmpty()) {
                    consumer.commitAsync(done, notCommitted);
                }
                return;
            }
            // also when there is nothing new: a commitSync waits for the commits sent before it
            try {
                consumer.commitSync(done);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // the group moved the partitions on: their new owners handle the records from the last commit again
                LOG.warn("{} - could not commit {}: {}; their next owners may handle those records again",
                        config.name(), done, describe(e));
            }
        }

        /**
         * @return whether the record is done with (handled, or dead-lettered); if not, its partition
         *     is to be paused at it until its next attempt is due
         */
        private boolean handle(TopicPartition partition, Consumed consumed, Outcome outcome) {
            ConsumerRecord<byte[], byte[]> record = consumed.record;
            Request request = consumed.request != null ? consumed.request : request(record);
            Retry retry = retries.isEmpty() ? null : retries.get(partition);
            int attempt = retry != null && retry.offset() == record.offset() ? retry.attempt() : 1;
            // the sender's trace when the record carries one (the cid is its trace id); a span of its own only
            // when spans go somewhere, else the service's span begins the cid's trace
            Span span = tracing.records() || record.headers().lastHeader(TRACEPARENT) != null
                    ? tracing.tracer().spanBuilder(record.topic() + " process")
                    .setParent(tracing.extract(record.headers(), HEADERS)).setSpanKind(SpanKind.CONSUMER).startSpan()
                    : Span.getInvalid();
            String cid = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : Cids.next();
            try (Scope scope = span == Span.getInvalid() ? Scope.noop() : span.makeCurrent()) {
                invoker.invoke(config.service(), request, cid, attempt);
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR);
                span.end();
                return failed(partition, record, attempt, cid, e, outcome);
            }
            span.end();
            if (retry != null) {
                retries.remove(partition, retry);
            }
            handled.increment();
            lastRecord = record;
            lastCid = cid;
            lastAttempt = attempt;
            return true;
        }

        private boolean failed(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int attempt, String cid,
                               RuntimeException e, Outcome outcome) {
            failed.increment();
            // the service's own exception: this goes to the log and the admin API, not to a caller
            String error = e instanceof InvocationException && e.getCause() != null ? e.getCause().toString() : e.toString();
            lastFailure = new KafkaChannels.Seen(cid, record.topic(), record.partition(), record.offset(), attempt, error,
                    clock.millis());
            if (attempt >= config.maxAttempts()) {
                String deadLetterTopic = config.deadLetterTopicOf(record.topic());
                try {
                    deadLetter(record, deadLetterTopic, attempt, cid, error);
                } catch (KafkaException | ExecutionException | TimeoutException | InterruptedException notWritten) {
                    if (notWritten instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    LOG.error("{} - record {}@{} failed as cid {} on its last attempt, and could not be written to"
                            + " dead-letter topic '{}': {}; trying it again", config.name(), partition,
                            record.offset(), cid, deadLetterTopic, describe(notWritten));
                    holdFor(outcome, partition, record.offset(), attempt, config.backoffBefore(2));
                    return false;
                }
                retries.remove(partition);
                deadLettered.increment();
                LOG.error("{} - record {}@{} failed as cid {} on its last attempt ({} of {}); written to dead-letter"
                        + " topic '{}': {}", config.name(), partition, record.offset(), cid, attempt,
                        config.maxAttempts(), deadLetterTopic, error);
                return true;
            }
            retried.increment();
            long wait = config.backoffBefore(attempt + 1);
            LOG.warn("{} - record {}@{} failed as cid {}, attempt {} of {}; trying again in {} ms: {}", config.name(),
                    partition, record.offset(), cid, attempt, config.maxAttempts(), wait, error);
            holdFor(outcome, partition, record.offset(), attempt + 1, wait);
            return false;
        }

        /**
         * Holds a partition at a record until its next attempt is due: the poller puts it back there and
         * pauses it, while the consumer's other partitions go on.
         */
        private void holdFor(Outcome outcome, TopicPartition partition, long offset, int attempt, long waitMillis) {
            retries.put(partition, new Retry(offset, attempt, clock.millis() + waitMillis));
            outcome.seeks.put(partition, offset);
            outcome.holds.add(partition);
        }

        private void resumeDue() {
            if (retries.isEmpty()) {
                return;
            }
            long now = clock.millis();
            Set<TopicPartition> paused = consumer.paused();
            List<TopicPartition> due = new ArrayList<>();
            retries.forEach((partition, retry) -> {
                if (retry.dueAt() <= now && paused.contains(partition)) {
                    due.add(partition);
                }
            });
            consumer.resume(due);
        }

        private void deadLetter(ConsumerRecord<byte[], byte[]> record, String topic, int attempts, String cid,
                                String error) throws ExecutionException, TimeoutException, InterruptedException {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add(ERROR, error.getBytes(StandardCharsets.UTF_8));
            headers.add(ATTEMPTS, String.valueOf(attempts).getBytes(StandardCharsets.UTF_8));
            headers.remove(Cids.HEADER);
            headers.add(Cids.HEADER, cid.getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGINAL_PARTITION, String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGINAL_OFFSET, String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
            deadLetters().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                    .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void measureLag() {
            Set<TopicPartition> assignment = consumer.assignment();
            List<KafkaChannels.Assigned> now = new ArrayList<>(assignment.size());
            for (TopicPartition partition : assignment) {
                OptionalLong lag = consumer.currentLag(partition);
                now.add(new KafkaChannels.Assigned(partition.topic(), partition.partition(),
                        lag.isPresent() ? lag.getAsLong() : null));
            }
            assigned = now;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // the batch in hand is finished and its offsets committed before the partitions go
            finishAndCommit();
            retries.keySet().removeAll(new HashSet<>(partitions));
            LOG.info("{} - partitions {} revoked", config.name(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("{} - partitions {} assigned", config.name(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // the group moved on: what the batch in hand handled is for the partitions' new owners to handle again
            finish();
            retries.keySet().removeAll(new HashSet<>(partitions));
            LOG.warn("{} - partitions {} lost (the group moved on without this consumer)", config.name(), partitions);
        }
    }

    /** @return the producer of dead letters, made on the first */
    private synchronized KafkaProducer<byte[], byte[]> deadLetters() {
        if (deadLetters == null) {
            Properties p = KafkaClients.common(config.bootstrapServers(), "conduit-" + node + "-channel-"
                    + config.name() + "-dead-letters", config.sasl());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(DEAD_LETTER_TIMEOUT.toMillis()));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DEAD_LETTER_TIMEOUT.toMillis()));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(DEAD_LETTER_TIMEOUT.toMillis() - 100));
            deadLetters = KafkaClients.make(() -> new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer()));
        }
        return deadLetters;
    }

    /**
     * The service's request: the value as JSON (or text when it is not JSON); the text and the headers
     * only when the service asks for them: the record's headers (names in lower case) with
     * {@code kafka-topic}, {@code kafka-partition}, {@code kafka-offset}, {@code kafka-key} and
     * {@code kafka-timestamp}.
     */
    private Request request(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String contentType = null;
        for (Header h : record.headers()) {
            if (h.key().equalsIgnoreCase("content-type") && h.value() != null) {
                contentType = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return new Request(Payloads.of(tree, contentType, value), () -> new String(value, StandardCharsets.UTF_8),
                () -> headers(record), mapper);
    }

    private static Map<String, List<String>> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.computeIfAbsent(h.key().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        headers.put("kafka-topic", List.of(record.topic()));
        headers.put("kafka-partition", List.of(String.valueOf(record.partition())));
        headers.put("kafka-offset", List.of(String.valueOf(record.offset())));
        headers.put("kafka-timestamp", List.of(String.valueOf(record.timestamp())));
        if (record.key() != null) {
            headers.put("kafka-key", List.of(new String(record.key(), StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
