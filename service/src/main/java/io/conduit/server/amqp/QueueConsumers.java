package io.conduit.server.amqp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.conduit.api.Request;
import io.conduit.common.task.Threads;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.consume.Payloads;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.outgoing.AmqpAddress;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP channel on this node: a broker connection that recovers by itself, and
 * {@code consumers} broker channels each consuming the queue with the channel's prefetch. Each
 * message invokes the service, on a thread of the connection's own pool, and is acknowledged once
 * the service has returned. A message whose service fails is published again to the queue with
 * its attempt counted in the {@value #ATTEMPT_HEADER} header (then acknowledged), until its last
 * attempt, when it is rejected to the queue's dead-letter exchange. {@link #stop} cancels the
 * consumers, lets the messages in hand finish, then closes: what was delivered but not handled goes
 * back to the queue, never acknowledged unprocessed.
 */
final class QueueConsumers implements ConsumingChannels.Consumers<AmqpChannelConfig, AmqpChannels.Row> {

    /** The header that counts a message's attempts (absent on the first). */
    static final String ATTEMPT_HEADER = "x-conduit-attempt";
    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumers.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    /** The latest message a node handled, or failed. */
    record Seen(String cid, String correlationId, int attempt, String error, long at) {
    }

    private final AmqpChannelConfig config;
    private final Invoker invoker;
    private final Tracing tracing;
    private final ObjectMapper mapper;
    private final ObjectReader tree;
    private final String node;
    private final Clock clock;
    private final ConnectionFactory factory;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    final LongAdder handled = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder requeued = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    private volatile boolean stopping;
    private volatile boolean cancelledByBroker;
    private volatile Connection connection;
    private volatile String lastError;
    private volatile Seen last;
    private volatile Seen lastFailure;
    private ExecutorService executor;
    private long nextStartAt;

    QueueConsumers(AmqpChannelConfig config, Invoker invoker, Tracing tracing, ObjectMapper mapper, String node,
                   Clock clock) {
        this.tracing = tracing;
        this.config = config;
        this.invoker = invoker;
        this.mapper = mapper;
        this.tree = Payloads.reader(mapper);
        this.node = node;
        this.clock = clock;
        this.factory = AmqpAddress.parse(config.address()).factory(config.user(),
                config.password() == null ? null : config.password().reveal(), 10_000);
    }

    @Override
    public AmqpChannelConfig config() {
        return config;
    }

    /** @return whether it consumes (or its connection is recovering by itself) */
    boolean started() {
        return connection != null && !cancelledByBroker;
    }

    /** @return whether it should try to start now: not started, and not tried within the last five seconds */
    @Override
    public boolean due() {
        return !started() && clock.millis() >= nextStartAt;
    }

    /**
     * Connects, declares the queue if it does not exist, and starts the consumers; if it cannot,
     * {@link #lastError} says why and it may be tried again.
     */
    @Override
    public void start() {
        if (connection != null) {
            stop(Duration.ofSeconds(10));
        }
        stopping = false;
        cancelledByBroker = false;
        nextStartAt = clock.millis() + 5_000;
        executor = Executors.newFixedThreadPool(config.consumers(), Threads.daemon("amqp-" + config.name()));
        try {
            connection = factory.newConnection(executor, "conduit " + node + " channel " + config.name());
            declareQueue(connection);
            for (int i = 0; i < config.consumers(); i++) {
                Channel channel = connection.createChannel();
                channel.basicQos(config.prefetch());
                channel.confirmSelect();
                channel.basicConsume(config.queue(), false, tag(i), new Consumer(channel));
                channels.add(channel);
            }
            lastError = null;
            LOG.info("{} - consuming queue '{}' at {} with {} consumer(s), prefetch {}", config.name(), config.queue(),
                    config.address(), config.consumers(), config.prefetch());
        } catch (IOException | TimeoutException | RuntimeException e) {
            String error = AmqpAddress.describe(e);
            if (!error.equals(lastError)) {
                LOG.warn("{} - cannot consume queue '{}' at {}: {}; trying again every 5 s", config.name(),
                        config.queue(), config.address(), error);
            }
            lastError = error;
            closeConnection();
        }
    }

    /** Declares the queue, durable with a dead-letter queue, unless it exists already (then it is used as it is). */
    private void declareQueue(Connection c) throws IOException {
        Channel probe = c.createChannel();
        try {
            probe.queueDeclarePassive(config.queue());
            probe.close();
            return;
        } catch (IOException e) {
            if (!(e.getCause() instanceof ShutdownSignalException s) || !(s.getReason() instanceof AMQP.Channel.Close close)
                    || close.getReplyCode() != 404) {
                throw e;
            }
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
        Channel declare = c.createChannel();
        declare.queueDeclare(config.deadLetterQueue(), true, false, false, null);
        declare.queueDeclare(config.queue(), true, false, false, Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", config.deadLetterQueue()));
        try {
            declare.close();
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
        LOG.info("{} - declared queue '{}' (durable) and its dead-letter queue '{}'", config.name(), config.queue(),
                config.deadLetterQueue());
    }

    /**
     * Stops consuming: cancels the consumers, waits (up to {@code grace}) for the messages being
     * handled, then closes the connection; the broker requeues what was delivered but not handled.
     */
    @Override
    public void stop(Duration grace) {
        stopping = true;
        for (int i = 0; i < channels.size(); i++) {
            try {
                if (channels.get(i).isOpen()) {
                    channels.get(i).basicCancel(tag(i));
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("{} - cancelling a consumer: {}", config.name(), e.toString());
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
                try {
                    idle.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("{} - {} message(s) still being handled after {}; closing: the broker delivers them again",
                    config.name(), inFlight.get(), grace);
        }
        closeConnection();
        LOG.info("{} - stopped consuming queue '{}'", config.name(), config.queue());
    }

    private void closeConnection() {
        channels.clear();
        Connection c = connection;
        connection = null;
        AmqpAddress.close(c, 2_000);
        if (executor != null) {
            Threads.stop(executor, Duration.ofSeconds(2), "amqp-" + config.name());
            executor = null;
        }
    }

    private String tag(int consumer) {
        return "conduit-" + node + "-" + config.name() + "-" + consumer;
    }

    /** @return this node's row for the channel */
    @Override
    public AmqpChannels.Row row() {
        Connection c = connection;
        String state = c == null ? "not connected" : cancelledByBroker ? "cancelled by the broker"
                : c.isOpen() ? "consuming" : "recovering";
        return new AmqpChannels.Row(node, state, c == null ? 0 : config.consumers(), handled.sum(), failed.sum(),
                requeued.sum(), deadLettered.sum(), lastError, last, lastFailure, clock.millis(), queued(c));
    }

    /** @return the messages waiting in the queue now, as the broker counts them; null when it cannot be asked */
    private Long queued(Connection c) {
        if (c == null || !c.isOpen()) {
            return null;
        }
        try (Channel channel = c.createChannel()) {
            return channel.messageCount(config.queue());
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return null;
        }
    }

    /** Reads {@code traceparent} and {@code tracestate} from a message's headers. */
    private static final TextMapGetter<Map<String, Object>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier == null ? List.of() : carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            return value == null ? null : value.toString();
        }
    };

    private void handle(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        int attempt = attemptOf(properties);
        // the sender's trace, when its message carries a traceparent: the cid is the trace id
        Span span = tracing.tracer().spanBuilder(config.queue() + " process")
                .setParent(tracing.extract(properties.getHeaders(), HEADERS)).setSpanKind(SpanKind.CONSUMER)
                .startSpan();
        String cid = span.getSpanContext().getTraceId();
        String correlationId = properties.getCorrelationId();
        try (Scope scope = span.makeCurrent()) {
            invoker.invoke(config.service(), request(envelope, properties, body), cid, attempt);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            span.end();
            failed(channel, envelope, properties, body, attempt, cid, e);
            return;
        }
        span.end();
        channel.basicAck(envelope.getDeliveryTag(), false);
        handled.increment();
        last = new Seen(cid, correlationId, attempt, null, clock.millis());
        LOG.debug("{} - message (correlation id {}) handled by {} as cid {}", config.name(), correlationId,
                config.service(), cid);
    }

    private void failed(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body, int attempt,
                        String cid, RuntimeException e) throws IOException {
        failed.increment();
        // the service's own exception: this goes to the log and the admin API, not to a caller
        String error = e instanceof InvocationException && e.getCause() != null ? e.getCause().toString() : e.toString();
        String correlationId = properties.getCorrelationId();
        lastFailure = new Seen(cid, correlationId, attempt, error, clock.millis());
        if (attempt >= config.maxAttempts()) {
            channel.basicReject(envelope.getDeliveryTag(), false);
            deadLettered.increment();
            LOG.error("{} - message (correlation id {}) failed as cid {} on its last attempt ({} of {}); rejected to"
                    + " the queue's dead-letter exchange: {}", config.name(), correlationId, cid, attempt,
                    config.maxAttempts(), error);
            return;
        }
        Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.put(ATTEMPT_HEADER, attempt + 1);
        channel.basicPublish("", config.queue(), false, properties.builder().headers(headers).build(), body);
        try {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (TimeoutException | InterruptedException notConfirmed) {
            if (notConfirmed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            channel.basicNack(envelope.getDeliveryTag(), false, true);
            LOG.warn("{} - message (correlation id {}) failed as cid {}; its next attempt was not confirmed, so it goes"
                    + " back to the queue as it was: {}", config.name(), correlationId, cid, error);
            return;
        }
        channel.basicAck(envelope.getDeliveryTag(), false);
        requeued.increment();
        LOG.warn("{} - message (correlation id {}) failed as cid {}, attempt {} of {}; queued again: {}", config.name(),
                correlationId, cid, attempt, config.maxAttempts(), error);
    }

    private static int attemptOf(AMQP.BasicProperties properties) {
        Object attempt = properties.getHeaders() == null ? null : properties.getHeaders().get(ATTEMPT_HEADER);
        if (attempt instanceof Number n) {
            return Math.max(1, n.intValue());
        }
        return 1;
    }

    /**
     * The service's request: the body as JSON (or as text when it is not JSON); the text and the
     * message's properties as headers when the service asks for them.
     */
    private Request request(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        return new Request(Payloads.of(tree, properties.getContentType(), body),
                () -> new String(body, StandardCharsets.UTF_8), () -> headers(envelope, properties), mapper);
    }

    private static Map<String, List<String>> headers(Envelope envelope, AMQP.BasicProperties properties) {
        Map<String, List<String>> headers = new HashMap<>();
        if (properties.getHeaders() != null) {
            properties.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.of(String.valueOf(v))));
        }
        putIfSet(headers, "content-type", properties.getContentType());
        putIfSet(headers, "correlation-id", properties.getCorrelationId());
        putIfSet(headers, "message-id", properties.getMessageId());
        putIfSet(headers, "amqp-exchange", envelope.getExchange());
        putIfSet(headers, "amqp-routing-key", envelope.getRoutingKey());
        headers.put("amqp-redelivered", List.of(String.valueOf(envelope.isRedeliver())));
        return headers;
    }

    private static void putIfSet(Map<String, List<String>> headers, String name, String value) {
        if (value != null) {
            headers.put(name, List.of(value));
        }
    }

    /** Hands each delivery to the channel, counted so that {@link #stop} can wait for it. */
    private final class Consumer extends DefaultConsumer {

        Consumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            inFlight.incrementAndGet();
            try {
                if (stopping) {
                    getChannel().basicReject(envelope.getDeliveryTag(), true);
                    return;
                }
                handle(getChannel(), envelope, properties, body);
            } finally {
                if (inFlight.decrementAndGet() == 0 && stopping) {
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
            }
        }

        @Override
        public void handleCancel(String tag) {
            if (!stopping) {
                cancelledByBroker = true;
                lastError = "the broker cancelled consumer " + tag + " (was the queue deleted?); starting again";
                LOG.warn("{} - {}", config.name(), lastError);
            }
        }
    }
}
