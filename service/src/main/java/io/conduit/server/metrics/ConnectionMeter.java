package io.conduit.server.metrics;

import io.conduit.server.calls.CallRecorder;
import io.conduit.server.calls.CallRecording;
import io.conduit.server.tracing.SpanAttributes;
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
    public static final ConnectionMeter NONE = new ConnectionMeter("none", "none", null, null, SpanKind.CLIENT,
            Attributes.empty());

    private final String kind;
    private final String connection;
    private final NodeMetrics.OutgoingCounts counts;
    private final Tracer tracer;
    private final SpanKind spanKind;
    private final Attributes attributes;

    /**
     * @param kind       the connection's kind: {@code http}, {@code sql}, ... (for recorded calls)
     * @param connection its name
     * @param counts     the connection's counters, or null for none
     * @param tracer     makes the calls' spans, or null for none
     * @param kind       CLIENT for a request, PRODUCER for a message sent
     * @param attributes every span's attributes (the connection, its system, server and destination)
     */
    public ConnectionMeter(String kind, String connection, NodeMetrics.OutgoingCounts counts, Tracer tracer,
                           SpanKind spanKind, Attributes attributes) {
        this.kind = kind;
        this.connection = connection;
        this.counts = counts;
        this.tracer = tracer;
        this.spanKind = spanKind;
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
                : tracer.spanBuilder(name).setSpanKind(spanKind).setAllAttributes(attributes).startSpan();
        return new Call(name, span, span.makeCurrent(), System.nanoTime(), CallRecorder.current());
    }

    /** One call through the connection: end it exactly once, on the thread that started it. */
    public final class Call {
        private final String name;
        private final Span span;
        private final Scope scope;
        private final long start;
        private final CallRecording recording;
        private Object sent;
        private Object received;
        private Integer status;

        private Call(String name, Span span, Scope scope, long start, CallRecording recording) {
            this.name = name;
            this.span = span;
            this.scope = scope;
            this.start = start;
            this.recording = recording;
        }

        /** What the call sends (a payload, a message, a statement), kept by reference in case the call is recorded. */
        public void sent(Object what) {
            this.sent = what;
        }

        /**
         * What the backend answered (a body's bytes, rows, a count), kept by reference in case the call is
         * recorded: a recorded call replays it in the service test kit.
         */
        public void received(Object what) {
            this.received = what;
        }

        /** @return whether the call is part of a call being recorded (worth computing what {@link #sent} takes) */
        public boolean recorded() {
            return recording != null;
        }

        /** The status the backend answered with. */
        public void status(int code) {
            this.status = code;
        }

        /** @return the call's span, to add what only the call knows (check {@code isRecording()} before costly values) */
        public Span span() {
            return span;
        }

        /** The call succeeded. */
        public void ok() {
            end(false, null);
        }

        /** The call failed with {@code error} (its message, which never holds a secret, is the span's status). */
        public void failed(Throwable error) {
            if (span.isRecording()) {
                span.setAttribute(SpanAttributes.ERROR_TYPE, error.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            end(true, error);
        }

        private void end(boolean failed, Throwable error) {
            scope.close();
            span.end();
            if (recording != null) {
                recording.outgoing(kind, connection, name, sent, received, start, status, error);
            }
            if (counts != null) {
                (failed ? counts.failed() : counts.ok()).inc();
                counts.duration().observe((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
