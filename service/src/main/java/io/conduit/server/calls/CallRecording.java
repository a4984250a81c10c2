package io.conduit.server.calls;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one channel call did, gathered on its thread while it runs: references only (no copy, no
 * formatting), so a call that ends fast and well costs an allocation or two. Only a call that
 * failed or was slow is turned into a {@link CallRecord}.
 */
public final class CallRecording {

    static final int MAX_LOG_LINES = 200;
    static final int MAX_OUTGOING = 200;

    /** One outgoing call of the recorded call, as it went. */
    record Outgoing(String kind, String connection, String operation, Object sent, Object received, long startNanos,
                    long endNanos, Integer status, Throwable error) {
    }

    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    final String cid;
    final String channel;
    final String method;
    final String path;
    final String query;
    final Map<String, List<String>> headers;
    final long slowNanos;
    byte[] body;
    byte[] response;
    Map<String, String> pathParams;
    String service;
    long serviceStartNanos;
    long serviceEndNanos;
    Throwable serviceError;
    List<Outgoing> outgoing;
    List<ILoggingEvent> logs;

    CallRecording(String cid, String channel, String method, String path, String query,
                  Map<String, List<String>> headers, long slowNanos) {
        this.cid = cid;
        this.channel = channel;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.slowNanos = slowNanos;
    }

    /** The request's body, as read. */
    public void body(byte[] bytes) {
        this.body = bytes;
    }

    /** The parameters the channel's URL path gave (none: empty). */
    public void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** The body the caller gets. */
    public void response(byte[] bytes) {
        this.response = bytes;
    }

    /** The (outermost) service began. */
    public void serviceStarted(String name) {
        if (service == null) {
            service = name;
            serviceStartNanos = System.nanoTime();
        }
    }

    /** The outermost service ended, with its exception if it threw. */
    public void serviceEnded(String name, Throwable error) {
        if (name.equals(service) && serviceEndNanos == 0) {
            serviceEndNanos = System.nanoTime();
            serviceError = error;
        }
    }

    /** An outgoing call ended. */
    public void outgoing(String kind, String connection, String operation, Object sent, Object received,
                         long startNanos, Integer status, Throwable error) {
        if (outgoing == null) {
            outgoing = new ArrayList<>(4);
        }
        if (outgoing.size() < MAX_OUTGOING) {
            outgoing.add(new Outgoing(kind, connection, operation, sent, received, startNanos, System.nanoTime(), status,
                    error));
        }
    }

    void log(ILoggingEvent event) {
        if (logs == null) {
            logs = new ArrayList<>(8);
        }
        if (logs.size() < MAX_LOG_LINES) {
            logs.add(event);
        }
    }
}
