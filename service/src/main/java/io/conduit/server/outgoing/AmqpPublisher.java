package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.tracing.LogContext;
import io.conduit.server.tracing.Tracing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing AMQP connection: a broker connection that recovers by itself, and a pool of
 * channels in confirm mode, one per send in progress. A send publishes with {@code mandatory} and,
 * with confirms on, waits for the broker's confirm: it returns once the broker has the message, or
 * throws saying what happened. When the connection drops in the middle of a send, the send waits
 * for the recovery (within the connection's timeout) and publishes again: a message may then arrive
 * twice, never silently not at all. Retired and drained like {@link HttpPool}.
 */
final class AmqpPublisher implements LiveRegistry.Live<OutgoingAmqpConfig, AmqpPublisher> {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpPublisher.class);

    /** A channel of the pool; {@code returned} is set when the broker returns a mandatory message. */
    private static final class Pooled {
        final Channel channel;
        volatile String returned;

        Pooled(Channel channel) {
            this.channel = channel;
        }
    }

    private final OutgoingAmqpConfig config;
    private final ObjectMapper mapper;
    private final ConnectionFactory factory;
    private final String connectionName;
    private final BlockingDeque<Pooled> idle = new LinkedBlockingDeque<>();
    private final Retirement<AmqpPublisher> retirement = new Retirement<>();
    private final Object recovery = new Object();
    private volatile Connection connection;
    private volatile boolean closed;
    private final ConnectionMeter meter;
    private final Tracing tracing;

    AmqpPublisher(OutgoingAmqpConfig config, ObjectMapper mapper, String node, ConnectionMeter meter, Tracing tracing) {
        this.config = config;
        this.meter = meter;
        this.tracing = tracing;
        this.mapper = mapper;
        this.factory = AmqpAddress.parse(config.address()).factory(config.user(),
                config.password() == null ? null : config.password().reveal(), config.timeoutMs());
        this.connectionName = "conduit " + node + " outgoing " + config.name();
    }

    OutgoingAmqpConfig config() {
        return config;
    }

    /**
     * @param routingKey null for the connection's own
     * @param headers    null for none
     */
    void send(Object message, String routingKey, Map<String, Object> headers) {
        if (!retirement.enter()) {
            retirement.successor(config.name()).send(message, routingKey, headers);
            return;
        }
        ConnectionMeter.Call call = meter.start((config.exchange() == null || config.exchange().isEmpty()
                ? "(default)" : config.exchange()) + " publish");
        call.sent(message);
        try {
            if (!config.active()) {
                throw new OutgoingException(config.name(), Reason.INACTIVE, "outgoing AMQP connection '" + config.name()
                        + "' is inactive; activate it in the dashboard or with PUT /conduit/admin/outgoing/amqp/"
                        + config.name(), null);
            }
            publish(message, routingKey == null ? config.routingKey() : routingKey, withTraceContext(headers));
            call.ok();
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        } finally {
            retirement.leave();
        }
    }

    /** @return the headers with the current span's traceparent (and tracestate) added */
    private Map<String, Object> withTraceContext(Map<String, Object> headers) {
        Map<String, Object> all = headers == null ? new java.util.HashMap<>(2) : new java.util.HashMap<>(headers);
        tracing.inject(all, (map, name, value) -> map.put(name, value));
        return all;
    }

    private void publish(Object message, String routingKey, Map<String, Object> headers) {
        byte[] body;
        String contentType;
        if (message instanceof byte[] bytes) {
            body = bytes;
            contentType = "application/octet-stream";
        } else if (message instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
            contentType = "text/plain; charset=utf-8";
        } else {
            try {
                body = mapper.writeValueAsBytes(message);
            } catch (IOException e) {
                throw new IllegalArgumentException("the message cannot be written as JSON: " + e.getMessage(), e);
            }
            contentType = "application/json";
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(contentType)
                .deliveryMode(config.deliveryMode()).messageId(UUID.randomUUID().toString())
                .correlationId(LogContext.cid()).timestamp(new Date()).headers(headers).build();
        long start = System.nanoTime();
        long deadline = start + config.timeoutMs() * 1_000_000L;
        int tries = 0;
        while (true) {
            tries++;
            Pooled pooled = borrow(deadline, start);
            try {
                pooled.returned = null;
                pooled.channel.basicPublish(config.exchange(), routingKey, true, properties, body);
                if (config.confirm()) {
                    pooled.channel.waitForConfirmsOrDie(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (pooled.returned != null) {
                        idle.push(pooled);
                        throw failure(Reason.REJECTED, "the broker returned the message (" + pooled.returned + "): no"
                                + " queue is bound to exchange '" + config.exchange() + "' for routing key '"
                                + routingKey + "'", start, null);
                    }
                }
                idle.push(pooled);
                return;
            } catch (TimeoutException e) {
                abort(pooled);
                throw failure(Reason.TIMEOUT, "the broker did not confirm the message within " + config.timeoutMs()
                        + " ms; it may or may not have been taken", start, e);
            } catch (InterruptedException e) {
                abort(pooled);
                Thread.currentThread().interrupt();
                throw failure(Reason.TIMEOUT, "interrupted while waiting for the broker's confirm", start, e);
            } catch (IOException | ShutdownSignalException e) {
                abort(pooled);
                ShutdownSignalException shutdown = shutdownOf(e);
                boolean connectionLost = shutdown == null ? !pooled.channel.getConnection().isOpen()
                        : shutdown.isHardError() || !shutdown.isInitiatedByApplication() && !connectionOpen();
                if (!connectionLost) {
                    String why = shutdown != null && shutdown.getReason() instanceof AMQP.Channel.Close close
                            ? close.getReplyText() : e.getMessage() == null ? e.toString() : e.getMessage();
                    throw failure(Reason.REJECTED, "the broker refused the message: " + why, start, e);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw failure(Reason.UNREACHABLE, "the connection to the broker was lost before it confirmed the"
                            + " message (" + tries + " tries); it was not taken", start, e);
                }
                LOG.info("{} - connection to the broker lost during a send; publishing again once it recovers",
                        config.name());
            }
        }
    }

    private static ShutdownSignalException shutdownOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s;
            }
        }
        return null;
    }

    private boolean connectionOpen() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    /** @return an idle channel, or a new one; waiting for a connection that recovers, until the deadline */
    private Pooled borrow(long deadline, long start) {
        Connection c = connected(deadline, start);
        Pooled pooled;
        while ((pooled = idle.poll()) != null) {
            if (pooled.channel.isOpen()) {
                return pooled;
            }
        }
        Channel channel;
        try {
            channel = c.createChannel();
        } catch (IOException | AlreadyClosedException e) {
            throw failure(Reason.UNREACHABLE, "cannot open a channel: " + AmqpAddress.describe(e), start, e);
        }
        if (channel == null) {
            throw failure(Reason.UNREACHABLE, "the broker has no channel left on this connection", start, null);
        }
        Pooled fresh = new Pooled(channel);
        try {
            channel.addReturnListener(r -> fresh.returned = r.getReplyCode() + " " + r.getReplyText());
            if (config.confirm()) {
                channel.confirmSelect();
            }
            return fresh;
        } catch (IOException | AlreadyClosedException e) {
            abort(fresh);
            throw failure(Reason.UNREACHABLE, "cannot turn on confirms: " + AmqpAddress.describe(e), start, e);
        }
    }

    private Connection connected(long deadline, long start) {
        Connection c = connection;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw failure(Reason.UNREACHABLE, "the connection is closed (it was replaced)", start, null);
                }
                if (connection == null) {
                    try {
                        connection = factory.newConnection(connectionName);
                        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
                            @Override
                            public void handleRecovery(Recoverable recoverable) {
                                LOG.info("{} - connection to the broker at {} recovered", config.name(), config.address());
                                synchronized (recovery) {
                                    recovery.notifyAll();
                                }
                            }

                            @Override
                            public void handleRecoveryStarted(Recoverable recoverable) {
                                LOG.warn("{} - connection to the broker at {} lost; recovering", config.name(),
                                        config.address());
                            }
                        });
                        LOG.info("{} - connected to the broker at {}", config.name(), config.address());
                    } catch (IOException | TimeoutException e) {
                        throw failure(Reason.UNREACHABLE, "cannot connect to the broker: " + AmqpAddress.describe(e),
                                start, e);
                    }
                }
                c = connection;
            }
        }
        synchronized (recovery) {
            while (!c.isOpen()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw failure(Reason.UNREACHABLE, "the broker cannot be reached (the connection is recovering);"
                            + " the message was not taken", start, null);
                }
                try {
                    recovery.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(Reason.UNREACHABLE, "interrupted while waiting for the broker", start, e);
                }
            }
        }
        return c;
    }

    private OutgoingException failure(Reason reason, String what, long startNanos, Throwable cause) {
        return new OutgoingException(config.name(), reason, "outgoing AMQP connection '" + config.name() + "' ("
                + config.address() + ", exchange '" + config.exchange() + "'): " + what + " after "
                + (System.nanoTime() - startNanos) / 1_000_000 + " ms", cause);
    }

    private static void abort(Pooled pooled) {
        try {
            pooled.channel.abort();
        } catch (IOException | RuntimeException e) {
            // closing a broken channel: nothing to do
        }
    }

    /** Pings the broker: connects if not connected. @return how long it took, in milliseconds */
    double ping() {
        long start = System.nanoTime();
        long deadline = start + config.timeoutMs() * 1_000_000L;
        if (!config.active()) {
            throw failure(Reason.INACTIVE, "the connection is inactive", start, null);
        }
        Pooled pooled = borrow(deadline, start);
        idle.push(pooled);
        return (System.nanoTime() - start) / 1e6;
    }

    /** From now on sends go to the connection's current publisher; this one closes once drained. */
    @Override
    public java.time.Duration retire(Function<String, AmqpPublisher> current) {
        retirement.retire(current);
        return java.time.Duration.ofMillis(2L * config.timeoutMs() + 1000);
    }

    @Override
    public OutgoingAmqpConfig spec() {
        return config;
    }

    /** @return whether this publisher is retired and no send runs on it any more */
    @Override
    public boolean drained() {
        return retirement.drained();
    }

    /** Closes the broker connection; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Connection c = connection;
        connection = null;
        AmqpAddress.close(c, 1000);
    }

    @Override
    public String toString() {
        return "AmqpPublisher[" + config.name() + " " + config.address() + "]";
    }
}
