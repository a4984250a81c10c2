package io.conduit.server.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** An invocation's log lines carry its cid, trace, span and service; the caller's come back after it. */
class LogContextTest {

    private static final SpanContext OUTER = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    private static final SpanContext INNER = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aThreadsFirstInvocationLeavesNothingBehind() {
        LogContext first = LogContext.enter("cid-1", OUTER, "crm.get-customer");
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("cid", "cid-1", "trace_id", OUTER.getTraceId(),
                "span_id", OUTER.getSpanId(), "service", "crm.get-customer"));
        MDC.put("set-by-the-service", "x");
        first.restore();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void aNestedInvocationGivesTheCallersValuesBack() {
        LogContext outer = LogContext.enter("cid-1", OUTER, "orders.place");
        LogContext inner = LogContext.enter("cid-1", INNER, "crm.get-customer");
        assertThat(MDC.get("service")).isEqualTo("crm.get-customer");
        assertThat(MDC.get("span_id")).isEqualTo(INNER.getSpanId());
        inner.restore();
        assertThat(MDC.get("service")).isEqualTo("orders.place");
        assertThat(MDC.get("span_id")).isEqualTo(OUTER.getSpanId());
        assertThat(MDC.get("cid")).isEqualTo("cid-1");
        outer.restore();
        assertThat(MDC.get("cid")).isNull();
    }

    @Test
    void keysSomeoneElsePutAroundTheInvocationStay() {
        MDC.put("request_id", "r-9");
        LogContext context = LogContext.enter("cid-2", OUTER, "crm.get-customer");
        assertThat(MDC.get("request_id")).isEqualTo("r-9");
        assertThat(MDC.get("cid")).isEqualTo("cid-2");
        context.restore();
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request_id", "r-9"));
    }
}
