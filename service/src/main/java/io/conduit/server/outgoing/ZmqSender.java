package io.conduit.server.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.metrics.ConnectionMeter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One outgoing ZeroMQ connection: a single long-lived PUSH or PUB socket, connected (never bound)
 * to its address. Sending never blocks: a message the socket cannot queue (its high-water mark is
 * reached because the peer is slow or absent) is dropped, counted and logged.
 */
final class ZmqSender implements LiveRegistry.Live<OutgoingZmqConfig, ZmqSender> {

    /** How long a replaced socket has to send what it queued. */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(1);


    private static final Logger LOG = LoggerFactory.getLogger(ZmqSender.class);
    private static final long LOG_EVERY = 1000;

    private final OutgoingZmqConfig config;
    private final ObjectMapper mapper;
    private final ConnectionMeter meter;
    private final AtomicLong droppedHere = new AtomicLong();
    private final ZMQ.Socket socket;
    private boolean closed;

    /** @param meter told of every message queued (ok) or refused or dropped (failed) */
    ZmqSender(OutgoingZmqConfig config, ZContext context, ObjectMapper mapper, ConnectionMeter meter) {
        this.config = config;
        this.mapper = mapper;
        this.meter = meter;
        if (config.active()) {
            socket = context.createSocket(config.socketType() == OutgoingZmqConfig.SocketType.PUB ? SocketType.PUB : SocketType.PUSH);
            socket.setSndHWM(config.highWaterMark());
            socket.setLinger(1000);
            socket.connect(config.address());
        } else {
            socket = null;
        }
    }

    @Override
    public OutgoingZmqConfig spec() {
        return config;
    }

    /** A socket sends what it queued for a second, then closes: sends that start later go to its successor. */
    @Override
    public java.time.Duration retire(java.util.function.Function<String, ZmqSender> current) {
        return GRACE;
    }

    @Override
    public boolean drained() {
        return false;
    }

    OutgoingZmqConfig config() {
        return config;
    }

    /**
     * @return true if queued, false if dropped because the high-water mark is reached
     */
    boolean send(Object message) {
        ConnectionMeter.Call call = meter.start(config.address() + " send");
        call.sent(message);
        boolean queued;
        try {
            if (!config.active()) {
                throw new OutgoingException(config.name(), Reason.INACTIVE, "outgoing ZeroMQ connection '"
                        + config.name() + "' (" + config.address() + ") is inactive; activate it to use it", null);
            }
            byte[] bytes = encode(message);
            synchronized (this) {
                if (closed) {
                    // swapped for a newer version of this connection a moment ago; the caller retries on the new one
                    call.ok();
                    return false;
                }
                queued = socket.send(bytes, ZMQ.DONTWAIT);
            }
        } catch (OutgoingException e) {
            call.failed(e);
            throw e;
        }
        if (queued) {
            call.ok();
            return true;
        }
        call.failed(new OutgoingException(config.name(), Reason.UNREACHABLE, "dropped: " + config.highWaterMark()
                + " messages are queued for " + config.address() + " already", null));
        long count = droppedHere.incrementAndGet();
        if (count == 1 || count % LOG_EVERY == 0) {
            LOG.warn("{} - dropped a message: {} messages are queued for {} already (the high-water mark), its peer"
                    + " is slow or absent; {} dropped so far", config.name(), config.highWaterMark(),
                    config.address(), count);
        }
        return false;
    }

    private byte[] encode(Object message) {
        if (message instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof byte[] b) {
            return b;
        }
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new OutgoingException(config.name(), Reason.BAD_RESPONSE, "outgoing ZeroMQ connection '"
                    + config.name() + "': the message cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Closes the socket, giving queued messages up to a second to leave; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed && socket != null) {
            socket.close();
        }
        closed = true;
    }
}
