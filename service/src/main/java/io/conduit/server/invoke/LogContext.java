package io.conduit.server.invoke;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import org.slf4j.MDC;

/**
 * What an invocation's log lines carry in the logging context (MDC): its cid, its trace and span
 * ids, and its service. A thread's first invocation puts them in an empty context and clears it
 * when it returns (a channel's thread invokes once a message: four removes, or a whole map given at
 * once, which logback copies, cost more than the rest of the context); a nested invocation's values
 * are put over the caller's, which come back when it returns.
 */
final class LogContext {

    private static final LogContext CLEAR = new LogContext(null);

    /** What was there before, or null for nothing. */
    private final Map<String, String> outer;

    private LogContext(Map<String, String> outer) {
        this.outer = outer;
    }

    /** @return what was there before, to {@link #restore} */
    static LogContext enter(String cid, SpanContext span, String service) {
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put("cid", cid);
        MDC.put("trace_id", span.getTraceId());
        MDC.put("span_id", span.getSpanId());
        MDC.put("service", service);
        return outer == null || outer.isEmpty() ? CLEAR : new LogContext(outer);
    }

    /** Puts back what was there before the invocation. */
    void restore() {
        if (outer == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(outer);
        }
    }
}
