package io.conduit.server.calls;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.OutgoingException;
import io.conduit.api.SqlException;
import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.LoggerFactory;

/**
 * Records the channel calls that failed (answered 5xx) or were slow (took at least their channel's
 * threshold): the request, the service, each outgoing call, the log lines and the response, secrets
 * masked, bodies capped. A call is followed on its own thread ({@link #current()}); one that ends fast
 * and well is forgotten; the others are written to Redis in the background, never on the request's
 * time. When the queue is full (Redis away, a storm of failures) records are dropped, not calls slowed.
 */
public final class CallRecorder implements Managed {

    private static final ThreadLocal<CallRecording> CURRENT = new ThreadLocal<>();
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    private static final int QUEUE = 1000;

    /** An ended call waiting to be written. */
    private record Ended(CallRecording recording, int status, byte[] response, String outcome, long endNanos) {
    }

    private final CallStore store;
    private final ObjectMapper mapper;
    private final String node;
    private final long defaultSlowNanos;
    private final int maxBodyBytes;
    private final BlockingQueue<Ended> queue = new ArrayBlockingQueue<>(QUEUE);
    private final BackgroundTask writer;
    private final CallLogAppender appender = new CallLogAppender();
    private boolean failing;

    /**
     * @param defaultSlow  a call this slow is recorded, unless its channel says otherwise
     * @param maxBodyBytes the most of a request's or response's body kept
     */
    public CallRecorder(CallStore store, ObjectMapper mapper, String node, Duration defaultSlow, int maxBodyBytes,
                        Clock clock) {
        this.store = store;
        this.mapper = mapper;
        this.node = node;
        this.defaultSlowNanos = defaultSlow.toNanos();
        this.maxBodyBytes = maxBodyBytes;
        this.writer = new BackgroundTask("call-recorder", BackgroundTask.Schedule.every(Duration.ofMillis(200)),
                Duration.ofSeconds(5), clock, this::write);
    }

    /** @return the call being recorded on this thread, or null */
    public static CallRecording current() {
        return CURRENT.get();
    }

    /**
     * Starts following a channel call on this thread.
     *
     * @param slow the channel's threshold, or null for the node's
     */
    public CallRecording begin(String cid, String channel, String method, String path, String query,
                               Map<String, List<String>> headers, Duration slow) {
        CallRecording recording = new CallRecording(cid, channel, method, path, query, headers,
                slow == null ? defaultSlowNanos : slow.toNanos());
        CURRENT.set(recording);
        return recording;
    }

    /** Stops following the call; keeps it if it failed or was slow. */
    public void end(CallRecording recording, int status) {
        CURRENT.remove();
        long end = System.nanoTime();
        String outcome = status >= 500 ? "failed" : end - recording.startNanos >= recording.slowNanos ? "slow" : null;
        if (outcome != null && recording.channel != null
                && !queue.offer(new Ended(recording, status, recording.response, outcome, end))) {
            LOG.debug("cid {} - not recorded: {} calls wait to be written already", recording.cid, QUEUE);
        }
    }

    private void write() {
        List<Ended> ended = new ArrayList<>();
        queue.drainTo(ended, 100);
        if (ended.isEmpty()) {
            return;
        }
        List<CallRecord> records = new ArrayList<>(ended.size());
        for (Ended e : ended) {
            records.add(record(e));
        }
        try {
            store.write(records);
            if (failing) {
                failing = false;
                LOG.info("Calls - Redis answers again: failed and slow calls are recorded again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Calls - cannot write recorded calls to Redis ({}); calls that fail or are slow meanwhile"
                        + " are not recorded", e.getMessage());
            }
        }
    }

    CallRecord record(Ended e) {
        CallRecording r = e.recording();
        Body request = body(r.body);
        CallRecord.Service service = r.service == null ? null : new CallRecord.Service(r.service,
                millis(r.startNanos, r.serviceStartNanos),
                r.serviceEndNanos == 0 ? 0 : millis(r.serviceStartNanos, r.serviceEndNanos), error(r.serviceError));
        List<CallRecord.Outgoing> outgoing = new ArrayList<>();
        if (r.outgoing != null) {
            for (CallRecording.Outgoing o : r.outgoing) {
                Body received = o.received() instanceof byte[] bytes ? body(bytes) : null;
                outgoing.add(new CallRecord.Outgoing(o.kind(), o.connection(), o.operation(), json(o.sent()),
                        received == null ? json(o.received()) : received.node(mapper),
                        millis(r.startNanos, o.startNanos()), millis(o.startNanos(), o.endNanos()), o.status(),
                        o.error() instanceof OutgoingException failed ? failed.reason().name() : null,
                        o.error() instanceof SqlException failed ? failed.sqlState() : null, error(o.error()),
                        received != null && received.truncated() ? Boolean.TRUE : null));
            }
        }
        List<CallRecord.LogLine> logs = new ArrayList<>();
        if (r.logs != null) {
            for (ILoggingEvent event : r.logs) {
                IThrowableProxy thrown = event.getThrowableProxy();
                logs.add(new CallRecord.LogLine(Instant.ofEpochMilli(event.getTimeStamp()).toString(),
                        event.getLevel().toString(), event.getLoggerName(), Masking.text(event.getFormattedMessage()),
                        thrown == null ? null : Masking.text(thrown.getClassName() + ": " + thrown.getMessage())));
            }
        }
        Body response = body(e.response());
        return new CallRecord(r.cid, Instant.ofEpochMilli(r.startMillis).toString(), node, r.channel, e.outcome(),
                millis(r.startNanos, e.endNanos()), new CallRecord.Request(r.method, r.path, Masking.text(r.query),
                        Masking.headers(r.headers), r.pathParams == null || r.pathParams.isEmpty() ? null : r.pathParams,
                        request.json(), request.text(), request.truncated()),
                service, outgoing, logs, new CallRecord.Response(e.status(), response.json(), response.text(),
                response.truncated()));
    }

    private record Body(JsonNode json, String text, boolean truncated) {
        /** @return the body as JSON, or as a JSON string when it is not JSON; null when empty */
        JsonNode node(ObjectMapper mapper) {
            return json != null ? json : text == null ? null : mapper.getNodeFactory().textNode(text);
        }
    }

    private Body body(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Body(null, null, false);
        }
        boolean truncated = bytes.length > maxBodyBytes;
        String text = new String(bytes, 0, Math.min(bytes.length, maxBodyBytes), StandardCharsets.UTF_8);
        if (!truncated) {
            try {
                return new Body(Masking.json(mapper.readTree(bytes)), null, false);
            } catch (java.io.IOException notJson) {
                // kept as text
            }
        }
        return new Body(null, Masking.text(text), truncated);
    }

    /** @return what an outgoing call sent or received, as JSON, its secrets masked */
    private JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode tree = value instanceof byte[] bytes ? body(bytes).node(mapper) : mapper.valueToTree(value);
            return tree == null ? null : Masking.json(tree);
        } catch (IllegalArgumentException e) {
            return mapper.getNodeFactory().textNode(Masking.text(String.valueOf(value)));
        }
    }

    private static String error(Throwable error) {
        return error == null ? null : Masking.text(error.getClass().getName() + ": " + error.getMessage());
    }

    private static double millis(long from, long to) {
        return Math.max(0, to - from) / 1e6;
    }

    /** Starts writing, and following log lines into the calls they belong to. */
    @Override
    public void start() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.setName("conduit-call-recorder");
        appender.start();
        root.addAppender(appender);
        writer.start();
    }

    /** Writes what waits, then stops. */
    @Override
    public void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender(appender);
        writer.stop();
        write();
    }
}
