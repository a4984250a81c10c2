package io.conduit.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** An invocation's log lines carry its cid, trace, span and service; the caller's come back after it. */
class LogContextTest {

    private static final SpanContext OUTER = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    private static final SpanContext INNER = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    private final Logger log = (Logger) LoggerFactory.getLogger("log-context-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        LogContext.install();
        lines.start();
        log.addAppender(lines);
        log.setLevel(Level.INFO);
    }

    @AfterEach
    void clear() {
        log.detachAppender(lines);
        MDC.clear();
    }

    private Map<String, String> logged(String message) {
        log.info(message);
        return lines.list.get(lines.list.size() - 1).getMDCPropertyMap();
    }

    @Test
    void aLineLoggedDuringAnInvocationCarriesItsValuesAndNothingIsLeftBehind() {
        LogContext first = LogContext.enter("cid-1", OUTER, "crm.get-customer");
        assertThat(logged("in")).isEqualTo(Map.of("cid", "cid-1", "trace_id", OUTER.getTraceId(),
                "span_id", OUTER.getSpanId(), "service", "crm.get-customer"));
        MDC.put("set-by-the-service", "x");
        first.restore();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(logged("after")).isEmpty();
        assertThat(LogContext.cid()).isNull();
    }

    @Test
    void anInvocationThatLogsNothingLeavesTheMdcAlone() {
        LogContext context = LogContext.enter("cid-3", OUTER, "crm.get-customer");
        log.debug("not written: the logger is at INFO");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(LogContext.cid()).isEqualTo("cid-3");
        assertThat(LogContext.service()).isEqualTo("crm.get-customer");
        context.restore();
        assertThat(LogContext.service()).isNull();
    }

    @Test
    void aNestedInvocationGivesTheCallersValuesBack() {
        LogContext outer = LogContext.enter("cid-1", OUTER, "orders.place");
        assertThat(logged("outer")).containsEntry("service", "orders.place");
        LogContext inner = LogContext.enter("cid-1", INNER, "crm.get-customer");
        assertThat(logged("inner")).containsEntry("service", "crm.get-customer")
                .containsEntry("span_id", INNER.getSpanId());
        inner.restore();
        assertThat(logged("outer again")).containsEntry("service", "orders.place")
                .containsEntry("span_id", OUTER.getSpanId()).containsEntry("cid", "cid-1");
        outer.restore();
        assertThat(logged("after")).isEmpty();
    }

    @Test
    void aCallerThatLoggedNothingBeforeItsNestedInvocationStillLogsItsOwnValuesAfter() {
        LogContext outer = LogContext.enter("cid-4", OUTER, "orders.place");
        LogContext inner = LogContext.enter("cid-4", INNER, "crm.get-customer");
        assertThat(logged("inner")).containsEntry("service", "crm.get-customer");
        inner.restore();
        assertThat(logged("outer")).containsEntry("service", "orders.place")
                .containsEntry("span_id", OUTER.getSpanId());
        outer.restore();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void linesStillCarryTheValuesAfterLogbackWasConfiguredAnew() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // what Dropwizard does when it configures the logging of another app in this JVM
        context.reset();
        try {
            lines.start();
            log.addAppender(lines);
            log.setLevel(Level.INFO);
            LogContext invocation = LogContext.enter("cid-5", OUTER, "crm.get-customer");
            assertThat(logged("in")).containsEntry("cid", "cid-5").containsEntry("service", "crm.get-customer");
            invocation.restore();
        } finally {
            // the test JVM's own logging back as it was, for the tests after this one
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
    }

    @Test
    void keysSomeoneElsePutAroundTheInvocationStay() {
        MDC.put("request_id", "r-9");
        LogContext context = LogContext.enter("cid-2", OUTER, "crm.get-customer");
        assertThat(logged("in")).containsEntry("request_id", "r-9").containsEntry("cid", "cid-2");
        context.restore();
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request_id", "r-9"));
    }
}
