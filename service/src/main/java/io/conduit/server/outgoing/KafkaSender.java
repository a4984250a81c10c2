package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.KafkaConnection;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.common.cid.Cids;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.tracing.LogContext;
import io.conduit.server.tracing.Tracing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing Kafka connection: a producer to its topic, made on the first send. A send returns
 * once the broker acknowledged the record (with the connection's {@code acks}), or throws within the
 * connection's timeout saying what happened: a broker that is down never makes a service hang. A
 * replaced connection is retired like the others: sends that start later go to its successor, and
 * its producer is closed once the sends on it are done (flushing what it still holds).
 */
final class KafkaSender implements LiveRegistry.Live<OutgoingKafkaConfig, KafkaSender> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final OutgoingKafkaConfig config;
    private final ObjectMapper mapper;
    private final String clientId;
    private final ConnectionMeter meter;
    private final Tracing tracing;
    private final Retirement<KafkaSender> retirement = new Retirement<>();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    KafkaSender(OutgoingKafkaConfig config, ObjectMapper mapper, String node, ConnectionMeter meter, Tracing tracing) {
        this.config = config;
        this.mapper = mapper;
        this.meter = meter;
        this.tracing = tracing;
        this.clientId = "conduit-" + node + "-outgoing-" + config.name();
    }

    OutgoingKafkaConfig config() {
        return config;
    }

    /** @param headers the service's own headers, or null */
    KafkaConnection.Sent send(String key, Object message, Map<String, String> headers) {
        if (!retirement.enter()) {
            return retirement.successor(config.name()).send(key, message, headers);
        }
        ConnectionMeter.Call call = meter.start(config.topic() + " send");
        call.sent(message);
        long start = System.nanoTime();
        try {
            if (!config.active()) {
                throw new OutgoingException(config.name(), Reason.INACTIVE, "outgoing Kafka connection '" + config.name()
                        + "' is inactive; activate it in the dashboard or with PUT /conduit/admin/outgoing/kafka/"
                        + config.name(), null);
            }
            RecordHeaders all = new RecordHeaders();
            if (headers != null) {
                headers.forEach((name, value) -> all.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
            }
            String cid = LogContext.cid();
            if (cid != null) {
                all.add(Cids.HEADER, cid.getBytes(StandardCharsets.UTF_8));
            }
            tracing.inject(all, (h, name, value) -> h.add(name, value.getBytes(StandardCharsets.UTF_8)));
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.topic(), null,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), body(message), all);
            Future<RecordMetadata> sending;
            try {
                sending = producer(start).send(record);
            } catch (KafkaException e) {
                // refused before it left: no metadata for the topic within the timeout, or a closed producer
                throw refused(e, start);
            }
            RecordMetadata written = acknowledged(sending, start);
            KafkaConnection.Sent sent = new KafkaConnection.Sent(written.topic(), written.partition(), written.offset());
            call.received(sent);
            call.ok();
            return sent;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        } finally {
            retirement.leave();
        }
    }

    private byte[] body(Object message) {
        if (message instanceof byte[] bytes) {
            return bytes;
        }
        if (message instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private RecordMetadata acknowledged(Future<RecordMetadata> sending, long start) {
        long left = config.timeoutMs() - (System.nanoTime() - start) / 1_000_000;
        try {
            return sending.get(Math.max(1, left), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            sending.cancel(false);
            throw failure(Reason.TIMEOUT, "the broker did not acknowledge the record within " + config.timeoutMs()
                    + " ms; it may or may not be written", start, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Reason.TIMEOUT, "interrupted while waiting for the broker's acknowledgement", start, e);
        } catch (ExecutionException e) {
            throw refused(e.getCause() == null ? e : e.getCause(), start);
        }
    }

    private OutgoingException refused(Throwable cause, long start) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            // the record expired in the producer: no broker took it in time (down, or no leader for the partition)
            return failure(Reason.UNAVAILABLE, "no broker took the record within " + config.timeoutMs() + " ms (are "
                    + config.bootstrapServers() + " up, and does topic '" + config.topic() + "' exist?): "
                    + cause.getMessage(), start, cause);
        }
        if (cause instanceof AuthenticationException) {
            return failure(Reason.REJECTED, "the brokers refused the connection's SASL credentials: " + cause.getMessage(),
                    start, cause);
        }
        if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException
                || cause instanceof AuthorizationException) {
            return failure(Reason.REJECTED, "the broker refused the record: " + cause.getMessage(), start, cause);
        }
        if (cause instanceof RetriableException) {
            return failure(Reason.UNAVAILABLE, "the broker could not take the record: " + cause.getMessage(), start, cause);
        }
        return failure(Reason.REJECTED, "the broker refused the record: " + cause, start, cause);
    }

    /** @return the producer, made on the first send */
    private KafkaProducer<byte[], byte[]> producer(long start) {
        KafkaProducer<byte[], byte[]> made = producer;
        return made != null ? made : make(start);
    }

    private synchronized KafkaProducer<byte[], byte[]> make(long start) {
        if (closed) {
            throw failure(Reason.UNREACHABLE, "the connection is closed (it was replaced)", start, null);
        }
        if (producer == null) {
            Properties p = KafkaClients.common(config.bootstrapServers(), clientId, config.sasl());
            p.put(ProducerConfig.ACKS_CONFIG, config.acks());
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf(config.idempotent()));
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
            // every wait of a send within the connection's timeout: metadata, the buffer, the broker
            // (the producer gives up a little before the send's own wait does, so that a broker that is down is
            // reported as such, not as a record that may or may not be written)
            int timeout = config.timeoutMs() - 250;
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout - 100));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try {
                producer = KafkaClients.make(() -> new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer()));
            } catch (KafkaException e) {
                throw failure(Reason.UNREACHABLE, "cannot make a producer: " + e.getMessage(), start, e);
            }
            LOG.info("{} - producing to topic '{}' at {}", config.name(), config.topic(), config.bootstrapServers());
        }
        return producer;
    }

    private OutgoingException failure(Reason reason, String what, long startNanos, Throwable cause) {
        return new OutgoingException(config.name(), reason, "outgoing Kafka connection '" + config.name() + "' ("
                + config.bootstrapServers() + ", topic '" + config.topic() + "'): " + what + " after "
                + (System.nanoTime() - startNanos) / 1_000_000 + " ms", cause);
    }

    /** Asks the brokers for the topic's partitions. @return how long it took, in milliseconds */
    double ping() {
        long start = System.nanoTime();
        if (!config.active()) {
            throw failure(Reason.INACTIVE, "the connection is inactive", start, null);
        }
        try {
            int partitions = producer(start).partitionsFor(config.topic()).size();
            LOG.debug("{} - topic '{}' has {} partitions", config.name(), config.topic(), partitions);
        } catch (KafkaException e) {
            throw failure(Reason.UNREACHABLE, "the brokers did not describe topic '" + config.topic() + "': "
                    + e.getMessage(), start, e);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public Duration retire(Function<String, KafkaSender> current) {
        retirement.retire(current);
        return Duration.ofMillis(2L * config.timeoutMs() + 1000);
    }

    @Override
    public OutgoingKafkaConfig spec() {
        return config;
    }

    @Override
    public boolean drained() {
        return retirement.drained();
    }

    /** Closes the producer, flushing what it holds (within the connection's timeout); idempotent. */
    @Override
    public void close() {
        KafkaProducer<byte[], byte[]> p;
        synchronized (this) {
            closed = true;
            p = producer;
            producer = null;
        }
        if (p != null) {
            p.close(Duration.ofMillis(config.timeoutMs()));
        }
    }

    @Override
    public String toString() {
        return "KafkaSender[" + config.name() + " " + config.bootstrapServers() + " " + config.topic() + "]";
    }
}
