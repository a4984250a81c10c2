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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * One Kafka channel on this node: {@code consumers} threads, each a member of the channel's
 * consumer group with a consumer of its own. Each record invokes the service; a partition's offset
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

    /** One member of the group: a consumer and the thread that polls it. */
    private final class Member implements Runnable, ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final Map<TopicPartition, Retry> retries = new HashMap<>();
        // the latest record handled and not shown yet, with its cid and attempt
        private ConsumerRecord<byte[], byte[]> lastRecord;
        private String lastCid;
        private int lastAttempt;
        volatile List<KafkaChannels.Assigned> assigned = List.of();
        volatile String error;

        Member(int index) {
            Properties p = KafkaClients.common(config.bootstrapServers(),
                    "conduit-" + node + "-channel-" + config.name() + "-" + index, config.sasl());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // a new group starts at the beginning: records written before the channel existed are handled too
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(MAX_POLL_INTERVAL_MS));
            // a node killed outright gives its partitions up within ten seconds
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
            consumer = KafkaClients.make(() -> new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
            thread = new Thread(this, "kafka-" + config.name() + "-" + index);
            thread.setDaemon(true);
        }

        void start() {
            consumer.subscribe(config.topics(), this);
            thread.start();
        }

        /** Waits for the thread to leave the group, waking it once the deadline passed. */
        void await(long deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (thread.isAlive()) {
                    LOG.warn("{} - a consumer is still handling a record after the grace period; leaving the group:"
                            + " the next owner of its partition handles what it did not commit", config.name());
                    consumer.wakeup();
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            consumer.close(Duration.ofSeconds(5));
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    resumeDue();
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = consumer.poll(POLL);
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
                    handle(records);
                    measureLag();
                }
            } catch (WakeupException e) {
                LOG.debug("{} - woken while stopping", config.name());
            } catch (RuntimeException e) {
                // what it did not commit goes to the partitions' next owners
                broken = true;
                error = "a consumer stopped on " + e + "; starting again";
                LOG.error("{} - a consumer stopped on an unexpected error; the channel starts again", config.name(), e);
            } finally {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debug("{} - closing a consumer: {}", config.name(), e.toString());
                }
                assigned = List.of();
            }
        }

        /**
         * Handles a batch partition by partition, then commits what it handled in one request; a batch
         * that takes longer than a second commits on the way too. A node that dies leaves at most the
         * batch in hand (or its last second) to be handled again.
         */
        private void handle(ConsumerRecords<byte[], byte[]> records) {
            long began = System.nanoTime();
            long committedAt = began;
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            long now = began;
            for (TopicPartition partition : records.partitions()) {
                long next = -1;
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (stopping || now - began > BATCH_BUDGET_NANOS) {
                        consumer.seek(partition, record.offset());
                        break;
                    }
                    if (!handle(partition, record)) {
                        break;
                    }
                    next = record.offset() + 1;
                    now = System.nanoTime();
                    if (now - committedAt > COMMIT_EVERY_NANOS) {
                        done.put(partition, new OffsetAndMetadata(next));
                        commit(done);
                        showLast();
                        committedAt = now;
                    }
                }
                if (next >= 0) {
                    done.put(partition, new OffsetAndMetadata(next));
                }
            }
            commit(done);
            showLast();
        }

        /** Shows the latest record handled (once a batch, not once a record: they come by the hundred thousand). */
        private void showLast() {
            if (lastRecord != null) {
                last = new KafkaChannels.Seen(lastCid, lastRecord.topic(), lastRecord.partition(), lastRecord.offset(),
                        lastAttempt, null, clock.millis());
                lastRecord = null;
            }
        }

        /** Commits the offsets after the records handled, and forgets them. */
        private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
            if (done.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(done);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // the group moved the partitions on: their new owners handle the records from the last commit again
                LOG.warn("{} - could not commit {}: {}; their next owners may handle those records again",
                        config.name(), done, describe(e));
            }
            done.clear();
        }

        /**
         * @return whether the record is done with (handled, or dead-lettered); if not, its partition
         *     is paused at it until its next attempt is due
         */
        private boolean handle(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
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
                invoker.invoke(config.service(), request(record), cid, attempt);
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR);
                span.end();
                return failed(partition, record, attempt, cid, e);
            }
            span.end();
            if (retry != null) {
                retries.remove(partition);
            }
            handled.increment();
            lastRecord = record;
            lastCid = cid;
            lastAttempt = attempt;
            return true;
        }

        private boolean failed(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int attempt, String cid,
                               RuntimeException e) {
            failed.increment();
            // the service's own exception: this goes to the log and the admin API, not to a caller
            String error = e instanceof InvocationException && e.getCause() != null ? e.getCause().toString() : e.toString();
            lastFailure = new KafkaChannels.Seen(cid, record.topic(), record.partition(), record.offset(), attempt, error,
                    clock.millis());
            if (attempt >= config.maxAttempts()) {
                String deadLetterTopic = config.deadLetterTopicOf(record.topic());
                try {
                    deadLetter(record, deadLetterTopic, attempt, cid, error);
                } catch (KafkaException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                         | InterruptedException notWritten) {
                    if (notWritten instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    LOG.error("{} - record {}@{} failed as cid {} on its last attempt, and could not be written to"
                            + " dead-letter topic '{}': {}; trying it again", config.name(), partition,
                            record.offset(), cid, deadLetterTopic, describe(notWritten));
                    holdFor(partition, record.offset(), attempt, config.backoffBefore(2));
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
            holdFor(partition, record.offset(), attempt + 1, wait);
            return false;
        }

        /** Pauses a partition at a record until its next attempt is due; the consumer's other partitions go on. */
        private void holdFor(TopicPartition partition, long offset, int attempt, long waitMillis) {
            retries.put(partition, new Retry(offset, attempt, clock.millis() + waitMillis));
            consumer.seek(partition, offset);
            consumer.pause(List.of(partition));
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
                                String error) throws java.util.concurrent.ExecutionException,
                java.util.concurrent.TimeoutException, InterruptedException {
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
            // every record handled was committed before the consumer polled again: nothing is pending here
            retries.keySet().removeAll(new HashSet<>(partitions));
            LOG.info("{} - partitions {} revoked", config.name(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("{} - partitions {} assigned", config.name(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
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
