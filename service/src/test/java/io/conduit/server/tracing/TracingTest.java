package io.conduit.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.cid.Cids;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trace ids when nothing is recorded: still real, distinct, and the cids work is given. */
class TracingTest {

    private final Tracing off = Tracing.off("server1", "dev");

    @Test
    void withTracingOffEverySpanStillHasARealTraceIdOfItsOwn() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Span span = off.tracer().spanBuilder("call").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.isRecording()).isFalse();
            ids.add(span.getSpanContext().getTraceId());
            span.end();
        }
        assertThat(ids).hasSize(100).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}")
                .isNotEqualTo("0".repeat(32)));
    }

    @Test
    void aNewTraceTakesTheCidItIsGivenAndItsChildrenKeepIt() {
        String cid = Cids.next();
        Span root = off.newTrace("job", SpanKind.INTERNAL, cid);
        try (Scope scope = root.makeCurrent()) {
            assertThat(off.tracer().spanBuilder("child").startSpan().getSpanContext().getTraceId()).isEqualTo(cid);
        }
        assertThat(root.getSpanContext().getTraceId()).isEqualTo(cid);
        assertThat(off.newTrace("job", SpanKind.INTERNAL, "not a cid").getSpanContext().isValid()).isTrue();
    }

    @Test
    void aCallersTraceparentIsKeptAndPassedOn() {
        Context caller = off.extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        Span span = off.tracer().spanBuilder("channel").setParent(caller).startSpan();
        assertThat(span.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(off.currentHeaders(span).get("traceparent"))
                .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-" + span.getSpanContext().getSpanId() + "-");
    }
}
