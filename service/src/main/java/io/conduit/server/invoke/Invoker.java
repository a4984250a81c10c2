package io.conduit.server.invoke;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.conduit.api.AsyncOptions;
import io.conduit.api.ClientErrorException;
import io.conduit.api.Kvdb;
import io.conduit.api.Outgoing;
import io.conduit.api.Request;
import io.conduit.api.Response;
import io.conduit.api.Service;
import io.conduit.api.ServiceException;
import io.conduit.server.calls.CallRecorder;
import io.conduit.server.calls.CallRecording;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.tracing.LogContext;
import io.conduit.server.tracing.SpanAttributes;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs services: a new instance per call, the cid in the logging context, a span (a child of the
 * channel's, or of the calling service's), the duration told to the statistics recorder. Channels,
 * the admin API and services themselves all invoke through here.
 */
public final class Invoker {

    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

    private final ServiceRegistry registry;
    private final ObjectMapper mapper;
    private final Outgoing outgoing;
    private final Kvdb kvdb;
    private final InvocationRecorder recorder;
    private final Executor background;
    private final TypedInputs typed;
    private final Tracing tracing;
    private final Clock clock;
    private volatile DurableInvocations durable = DurableInvocations.NONE;

    /** @param clock what services read the time from ({@code clock()}) */
    public Invoker(ServiceRegistry registry, ObjectMapper mapper, Outgoing outgoing, Kvdb kvdb,
                   InvocationRecorder recorder, Executor background, Validator validator, Tracing tracing,
                   Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.tracing = tracing;
        this.typed = new TypedInputs(mapper, validator);
        this.mapper = mapper;
        this.outgoing = outgoing;
        this.kvdb = kvdb;
        this.recorder = recorder;
        this.background = background;
        // after the logging was configured: the invocations' log lines carry their cid, trace, span and service
        LogContext.install();
    }

    /**
     * @param service the service's name
     * @param request the request
     * @param cid     the invocation's correlation id
     * @return the response the service built
     * @throws UnknownServiceException if the service is not deployed here
     * @throws InvocationException     if the service threw (the cause is logged here with the cid)
     */
    public Response invoke(String service, Request request, String cid) {
        return invoke(service, request, cid, 1);
    }

    /**
     * @param attempt which attempt of a durable asynchronous invocation this is (1 for any other call)
     * @see #invoke(String, Request, String)
     */
    public Response invoke(String service, Request request, String cid, int attempt) {
        LoadedService loaded = registry.get(service);
        if (loaded == null) {
            throw new UnknownServiceException(service);
        }
        return invoke(loaded, request, cid, attempt);
    }

    /**
     * Invokes a service the caller holds (a built-in one, not in the registry).
     *
     * @throws InvocationException     if the service threw (the cause is logged here with the cid)
     * @throws InvalidRequestException a typed service's request that does not bind or validate (it did not run)
     */
    public Response invoke(LoadedService loaded, Request request, String cid) {
        return invoke(loaded, request, cid, 1);
    }

    private Response invoke(LoadedService loaded, Request request, String cid, int attempt) {
        String service = loaded.name();
        JavaType inputType = typed.inputType(loaded.constructor().getDeclaringClass());
        Object input = inputType == null ? null : typed.bind(inputType, request);
        Response response = new Response();
        Thread thread = Thread.currentThread();
        ClassLoader outerLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(loaded.classLoader());
        // a child of the channel's or the calling service's span; else the first span of the cid's own trace
        Span span = Span.current().getSpanContext().isValid()
                ? (tracing.records() ? tracing.tracer().spanBuilder(service).setAttribute(SpanAttributes.SERVICE, service)
                : tracing.tracer().spanBuilder(service)).startSpan()
                : tracing.newTrace(service, SpanKind.INTERNAL, cid);
        Scope scope = span.makeCurrent();
        LogContext outer = LogContext.enter(cid, span.getSpanContext(), service);
        CallRecording recording = CallRecorder.current();
        if (recording != null) {
            recording.serviceStarted(service);
        }
        long start = System.nanoTime();
        boolean failed = true;
        Throwable error = null;
        try {
            Service instance = loaded.newInstance();
            instance.attach(new InvocationContext(loaded.name(), cid, request, response, this, input, attempt));
            instance.handle();
            failed = false;
            return response;
        } catch (ClientErrorException e) {
            failed = false;
            LOG.debug("{} - refused the request with {}, cid {}: {}", service, e.status(), cid, e.getMessage());
            throw new InvocationException(service, cid, e);
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.error("{} - failed, cid {}", service, cid, e);
            span.setStatus(StatusCode.ERROR, e.getClass().getName());
            error = e;
            throw new InvocationException(service, cid, e);
        } finally {
            recorder.record(service, cid, System.nanoTime() - start, failed);
            if (recording != null) {
                recording.serviceEnded(service, error);
            }
            scope.close();
            span.end();
            thread.setContextClassLoader(outerLoader);
            outer.restore();
        }
    }

    /**
     * Invokes a service as a channel does, its failure mapped to what the caller is answered.
     *
     * @throws UnknownServiceException if the service is not deployed here
     */
    public Answer answer(String service, Request request, String cid) {
        LoadedService loaded = registry.get(service);
        if (loaded == null) {
            throw new UnknownServiceException(service);
        }
        return answer(loaded, request, cid);
    }

    /** Invokes a service the caller holds (a built-in one) as a channel does; see {@link #answer(String, Request, String)}. */
    public Answer answer(LoadedService loaded, Request request, String cid) {
        try {
            return Answer.of(invoke(loaded, request, cid, 1));
        } catch (InvalidRequestException e) {
            return Answer.of(e, cid);
        } catch (InvocationException e) {
            return Answer.of(e, cid);
        }
    }

    /** @return the binder of typed services' inputs, which knows their input and output types */
    public TypedInputs typedInputs() {
        return typed;
    }

    /** Invokes a service from another one, with the caller's cid. */
    JsonNode invokeFromService(String service, Object payload, String cid) {
        Response response = invoke(service, requestOf(payload), cid);
        return response.payload() == null ? NullNode.getInstance() : mapper.valueToTree(response.payload());
    }

    /**
     * Invokes a service later, with a cid of its own: durably (stored before this returns, run by any
     * node) or in memory on this node's background threads.
     *
     * @return the invocation's cid
     * @throws UnknownServiceException if the service is not deployed here
     */
    public String invokeAsync(String service, Object payload, AsyncOptions options) {
        if (registry.get(service) == null) {
            throw new UnknownServiceException(service);
        }
        Request request = requestOf(payload);
        // the invocation's own trace, its cid, begun by this span and linked to the caller's
        Span root = tracing.newTrace("invokeAsync " + service, SpanKind.PRODUCER, Span.current().getSpanContext());
        String cid = root.getSpanContext().getTraceId();
        try {
            if (options.isDurable()) {
                durable.enqueue(service, request.rawPayload(), options, cid,
                        tracing.currentHeaders(root).get("traceparent"));
                return cid;
            }
            Context context = Context.root().with(root);
            background.execute(new InMemoryInvocation(service, request.payload(), cid, context.wrap(() -> {
                try {
                    invoke(service, request, cid);
                } catch (RuntimeException e) {
                    // already logged with its cid by invoke()
                }
            })));
        } catch (RejectedExecutionException e) {
            root.setStatus(StatusCode.ERROR, "rejected");
            throw new ServiceException("cannot invoke '" + service + "' in the background: this node's queue of"
                    + " background invocations is full");
        } finally {
            root.end();
        }
        return cid;
    }

    /**
     * An invocation in memory, as this node's background threads get it: what it invokes, beside the
     * work itself (the service test kit keeps it for the test instead of running it).
     */
    public record InMemoryInvocation(String service, JsonNode payload, String cid, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    /** @param queue where durable asynchronous invocations are stored from now on */
    public void useDurable(DurableInvocations queue) {
        this.durable = queue;
    }

    /**
     * @param payload a Map, JsonNode, serialisable object or null
     * @return a request carrying it, as a direct invocation (no headers, no parameters)
     */
    public Request requestOf(Object payload) {
        JsonNode node = payload == null ? NullNode.getInstance() : mapper.valueToTree(payload);
        String raw;
        try {
            raw = payload instanceof String s ? s : mapper.writeValueAsString(node);
        } catch (Exception e) {
            throw new ServiceException("the payload cannot be written as JSON: " + e.getMessage(), e);
        }
        return new Request(node, raw, Map.of(), Map.of(), mapper);
    }

    Outgoing outgoing() {
        return outgoing;
    }

    Kvdb kvdb() {
        return kvdb;
    }

    Clock clock() {
        return clock;
    }
}
