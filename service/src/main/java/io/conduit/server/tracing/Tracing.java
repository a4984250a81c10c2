package io.conduit.server.tracing;

import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's OpenTelemetry tracer and W3C trace-context propagation. Every call is a span in a trace
 * whose id is the call's cid: taken from the caller's {@code traceparent}, or new. With no OTLP
 * endpoint the spans record nothing (the sampler says no), but ids are made and travel all the same,
 * so the cid a backend sees is still the trace id.
 */
public final class Tracing implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final String endpoint;
    private final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

    private Tracing(SdkTracerProvider provider, String endpoint) {
        this.provider = provider;
        this.tracer = provider.get("io.conduit.server");
        this.endpoint = endpoint;
    }

    /**
     * Takes no span: there only so the SDK makes ids (with no processor at all, it hands out the
     * invalid, all-zero span context instead, and every cid would be zeros).
     */
    private static final class Unrecorded implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** @return tracing that records nothing, but makes and passes on trace ids */
    public static Tracing off(String node, String version) {
        return new Tracing(base(node, version).setSampler(Sampler.alwaysOff()).addSpanProcessor(new Unrecorded())
                .build(), null);
    }

    /**
     * @return tracing that exports spans in batches to an OTLP receiver (http/protobuf): up to 4,096 spans
     * per request, at least every second. The SDK's 512 per request cost twice the CPU per span under load
     * (each export is an HTTP request through the JDK's client, handed between threads), and its queue
     * of 2,048 dropped spans at a few thousand calls a second; 16,384 spans wait at most (a few MB).
     */
    static Tracing exporting(String node, String version, String endpoint, double ratio) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(10)).build();
        return new Tracing(base(node, version)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(4096)
                        .setMaxQueueSize(16384).setScheduleDelay(Duration.ofSeconds(1)).build())
                .build(), endpoint);
    }

    /** @return tracing that hands every span to the given processor (tests) */
    public static Tracing to(SpanProcessor processor) {
        return new Tracing(base("test", "dev").setSampler(Sampler.alwaysOn()).addSpanProcessor(processor).build(),
                "a test's processor");
    }

    /**
     * Random ids, but the trace id given to {@link #newTrace(String, SpanKind, String)} when there is one: so
     * work that has its cid before its first span still has the cid as its trace id.
     */
    private static final class CidIds implements IdGenerator {
        private static final ThreadLocal<String> NEXT_TRACE = new ThreadLocal<>();

        @Override
        public String generateSpanId() {
            return IdGenerator.random().generateSpanId();
        }

        @Override
        public String generateTraceId() {
            String next = NEXT_TRACE.get();
            return next != null ? next : IdGenerator.random().generateTraceId();
        }
    }

    private static SdkTracerProviderBuilder base(String node, String version) {
        return SdkTracerProvider.builder().setIdGenerator(new CidIds()).setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "conduit",
                AttributeKey.stringKey("service.instance.id"), node,
                AttributeKey.stringKey("service.version"), version))));
    }

    /**
     * @return the cid of the call this thread is running: its trace id (the cid is the trace id), or
     * null outside any call
     */
    public static String currentCid() {
        SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? current.getTraceId() : null;
    }

    /** @return the tracer every span of the node is made with */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * Starts a span that begins a trace of its own, such as a scheduled run or an asynchronous
     * invocation: its trace id is the new work's cid.
     *
     * @param links spans it follows from, if any (a caller in another trace)
     */
    public Span newTrace(String name, SpanKind kind, SpanContext... links) {
        var builder = tracer.spanBuilder(name).setNoParent().setSpanKind(kind);
        for (SpanContext link : links) {
            if (link.isValid()) {
                builder.addLink(link);
            }
        }
        return builder.startSpan();
    }

    /**
     * Starts a span that begins a trace whose id is given: work that already has its cid.
     *
     * @param traceId the trace id, a cid (32 lower-case hex digits); another value gets a new trace id
     */
    public Span newTrace(String name, SpanKind kind, String traceId) {
        if (endpoint == null) {
            // nothing is recorded: the span the SDK would make (not sampled, its ids) without the SDK's work
            SpanContext context = SpanContext.create(traceId, IdGenerator.random().generateSpanId(),
                    TraceFlags.getDefault(), TraceState.getDefault());
            return context.isValid() ? Span.wrap(context) : newTrace(name, kind);
        }
        if (!io.opentelemetry.api.trace.TraceId.isValid(traceId)) {
            return newTrace(name, kind);
        }
        CidIds.NEXT_TRACE.set(traceId);
        try {
            return tracer.spanBuilder(name).setNoParent().setSpanKind(kind).startSpan();
        } finally {
            CidIds.NEXT_TRACE.remove();
        }
    }

    /** @return the context a caller's {@code traceparent} and {@code tracestate} give, read by {@code getter} */
    public <C> Context extract(C carrier, TextMapGetter<C> getter) {
        return propagator.extract(Context.root(), carrier, getter);
    }

    /** @return the context of a stored {@code traceparent} (and {@code tracestate}), or the root */
    public Context extract(Map<String, String> headers) {
        return headers == null || headers.isEmpty() ? Context.root() : extract(headers, MAP_GETTER);
    }

    /** Writes {@code traceparent} (and {@code tracestate}) of the current span into a carrier. */
    public <C> void inject(C carrier, TextMapSetter<C> setter) {
        propagator.inject(Context.current(), carrier, setter);
    }

    /** @return the current span's {@code traceparent} and {@code tracestate}, to store with work done later */
    public Map<String, String> currentHeaders(Span span) {
        Map<String, String> headers = new java.util.HashMap<>(2);
        propagator.inject(Context.root().with(span), headers, (map, k, v) -> map.put(k, v));
        return Collections.unmodifiableMap(headers);
    }

    /**
     * @return whether a span may be recorded at all: when not, spans only carry ids, and callers leave
     * out attributes (the SDK would copy them into every span builder all the same)
     */
    public boolean records() {
        return endpoint != null;
    }

    /** @return where spans go, or null when nothing is recorded */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void start() {
        if (endpoint != null) {
            LOG.info("Tracing - spans go to {} (OTLP http/protobuf)", endpoint);
        }
    }

    /** Sends what is buffered, for up to 10 s, then stops. */
    @Override
    public void stop() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
