package io.conduit.server.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * The one place a live outgoing connection reports each call it makes: a span (a child of the
 * calling service's, following OpenTelemetry's semantic conventions), its outcome and how long it
 * took. Made once per connection, so a call costs a span, two adds and no lookup of labels.
 */
public final class ConnectionMeter {

    /** A meter that counts and traces nothing, for connections made outside a node (tests). */
    public static final ConnectionMeter NONE = new ConnectionMeter(null, null, SpanKind.CLIENT, Attributes.empty());

    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final NodeMetrics.OutgoingCounts counts;
    private final Tracer tracer;
    private final SpanKind kind;
    private final Attributes attributes;

    /**
     * @param counts     the connection's counters, or null for none
     * @param tracer     makes the calls' spans, or null for none
     * @param kind       CLIENT for a request, PRODUCER for a message sent
     * @param attributes every span's attributes (the connection, its system, server and destination)
     */
    public ConnectionMeter(NodeMetrics.OutgoingCounts counts, Tracer tracer, SpanKind kind, Attributes attributes) {
        this.counts = counts;
        this.tracer = tracer;
        this.kind = kind;
        this.attributes = attributes;
    }

    /**
     * Starts a call: its span is current until {@link Call#ok} or {@link Call#failed}, so what the
     * call sends carries its context.
     *
     * @param name the span's name, such as {@code GET} or {@code SELECT}
     */
    public Call start(String name) {
        Span span = tracer == null ? Span.getInvalid()
                : tracer.spanBuilder(name).setSpanKind(kind).setAllAttributes(attributes).startSpan();
        return new Call(span, span.makeCurrent(), System.nanoTime());
    }

    /** One call through the connection: end it exactly once, on the thread that started it. */
    public final class Call {
        private final Span span;
        private final Scope scope;
        private final long start;

        private Call(Span span, Scope scope, long start) {
            this.span = span;
            this.scope = scope;
            this.start = start;
        }

        /** @return the call's span, to add what only the call knows (check {@code isRecording()} before costly values) */
        public Span span() {
            return span;
        }

        /** The call succeeded. */
        public void ok() {
            end(false);
        }

        /** The call failed with {@code error} (its message, which never holds a secret, is the span's status). */
        public void failed(Throwable error) {
            if (span.isRecording()) {
                span.setAttribute(ERROR_TYPE, error.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            end(true);
        }

        private void end(boolean failed) {
            scope.close();
            span.end();
            if (counts != null) {
                (failed ? counts.failed() : counts.ok()).inc();
                counts.duration().observe((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
