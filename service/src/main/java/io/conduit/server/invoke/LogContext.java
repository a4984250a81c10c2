package io.conduit.server.invoke;

import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * What an invocation's log lines carry in the logging context (MDC): its cid, its trace and span
 * ids, and its service; a nested invocation's values are replaced by the caller's when it returns.
 */
final class LogContext {

    private static final LogContext NONE = new LogContext(null, null, null, null);

    private final String cid;
    private final String traceId;
    private final String spanId;
    private final String service;

    private LogContext(String cid, String traceId, String spanId, String service) {
        this.cid = cid;
        this.traceId = traceId;
        this.spanId = spanId;
        this.service = service;
    }

    /** @return the values that were there before, to {@link #restore} */
    static LogContext enter(String cid, SpanContext span, String service) {
        String outerCid = MDC.get("cid");
        // the four are put and taken away together: without a cid, an invocation is the thread's first
        LogContext outer = outerCid == null ? NONE
                : new LogContext(outerCid, MDC.get("trace_id"), MDC.get("span_id"), MDC.get("service"));
        MDC.put("cid", cid);
        MDC.put("trace_id", span.getTraceId());
        MDC.put("span_id", span.getSpanId());
        MDC.put("service", service);
        return outer;
    }

    /** Puts back what was there before the invocation. */
    void restore() {
        put("cid", cid);
        put("trace_id", traceId);
        put("span_id", spanId);
        put("service", service);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
