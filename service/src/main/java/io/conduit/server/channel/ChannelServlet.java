package io.conduit.server.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.Principal;
import io.conduit.api.Request;
import io.conduit.api.Response;
import io.conduit.common.cid.Cids;
import io.conduit.common.error.ErrorBody;
import io.conduit.server.calls.CallRecorder;
import io.conduit.server.calls.CallRecording;
import io.conduit.server.cluster.NodeState;
import io.conduit.server.invoke.Answer;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.JsonBodies;
import io.conduit.server.invoke.UnknownServiceException;
import io.conduit.server.metrics.ChannelCounts;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.security.CredentialCheck;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.SpanAttributes;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Serves every plain HTTP channel: finds the channel for the path and method, checks the caller's
 * credentials and the channel's rate limit, parses the JSON body, invokes the service with the path's
 * parameters and writes its response as JSON.
 * Every response carries {@code X-Conduit-CID}; every error is {@code {"error", "cid"}} with the
 * status docs/SERVICES.md ("Channels, security and errors") lists, never a stack trace. Every answer is counted per channel and status.
 *
 * <p>This is the hot path: it reads only in-memory configuration, never the ODB or Redis.
 */
public final class ChannelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String BODY_READ = "conduit.bodyRead";
    private static final String JSON = "application/json";

    private final transient ChannelRouting routing;
    private final transient Invoker invoker;
    private final transient ObjectMapper mapper;
    private final transient JsonBodies json;
    private final transient NodeState node;
    private final transient WarmUp warmUp;
    private final transient RateLimiter rateLimiter;
    private final transient NodeMetrics metrics;
    private final transient CallRecorder recorder;
    private final transient Tracing tracing;
    private final transient ChannelCounts counts;
    private final long maxRequestBytes;
    private final transient Predicate<String> fromHaproxy;

    /**
     * @param fromHaproxy whether a request's client-certificate proof is one the cluster's HAProxy sends
     *                    ({@link io.conduit.server.security.HaproxyProofs})
     */
    public ChannelServlet(ChannelRouting routing, Invoker invoker, ObjectMapper mapper, NodeState node, WarmUp warmUp,
                          RateLimiter rateLimiter, NodeMetrics metrics, Tracing tracing, CallRecorder recorder,
                          long maxRequestBytes, Predicate<String> fromHaproxy) {
        this.fromHaproxy = fromHaproxy;
        this.metrics = metrics;
        this.recorder = recorder;
        this.tracing = tracing;
        this.counts = metrics.channels();
        this.routing = routing;
        this.invoker = invoker;
        this.mapper = mapper;
        this.json = new JsonBodies(mapper);
        this.node = node;
        this.warmUp = warmUp;
        this.rateLimiter = rateLimiter;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * The channel that served a request, once known: what its status is counted under (none for a warm-up
     * call); and the call's recording, if calls are recorded.
     */
    private static final class Served {
        private String channel = "";
        private String route;
        private CallRecording recording;
    }

    /** Reads a caller's {@code traceparent} and {@code tracestate}. */
    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest carrier) {
            return Collections.list(carrier.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest carrier, String key) {
            return carrier == null ? null : carrier.getHeader(key);
        }
    };

    /**
     * Serves one request in a SERVER span whose trace id is the call's cid: the caller's, when it sent
     * a {@code traceparent}, else a new one.
     */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Served served = new Served();
        String method = req.getMethod();
        Span span = tracing.tracer().spanBuilder(method).setParent(tracing.extract(req, HEADERS)).setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            serve(req, resp, served, span.getSpanContext().getTraceId());
        } finally {
            int status = resp.getStatus();
            if (served.recording != null) {
                recorder.end(served.recording, status);
            }
            if (served.channel != null) {
                counts.count(served.channel, status);
            }
            if (span.isRecording()) {
                if (served.route != null) {
                    span.updateName(method + " " + served.route);
                    span.setAttribute(SpanAttributes.HTTP_ROUTE, served.route);
                    span.setAttribute(SpanAttributes.CHANNEL, served.channel);
                }
                span.setAttribute(SpanAttributes.HTTP_METHOD, method);
                span.setAttribute(SpanAttributes.URL_PATH, req.getRequestURI());
                span.setAttribute(SpanAttributes.HTTP_STATUS, status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
            }
            span.end();
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, Served served, String cid) throws IOException {
        resp.setHeader(Cids.HEADER, cid);
        node.requestArrived();
        if (node.isClosing()) {
            error(req, resp, 503, "node " + node.name() + " is shutting down; retry, another node will answer", cid);
            return;
        }
        String path = req.getRequestURI();
        boolean warmUpCall = node.phase() == NodeState.Phase.WARMING && warmUp.isWarmUpCall(req.getHeader(WarmUp.HEADER));
        HttpChannel channel;
        Map<String, String> pathParams;
        Map<String, List<String>> headers = headers(req);
        ChannelRoutes routes = routing.current();
        if (warmUpCall) {
            channel = WarmUp.CHANNEL;
            pathParams = Map.of();
            served.channel = null;
        } else {
            ChannelRoutes.Match match = routes.match(path);
            if (match == null) {
                error(req, resp, 404, "no channel serves " + path, cid);
                return;
            }
            channel = match.channel(req.getMethod());
            if (channel == null) {
                resp.setHeader("Allow", match.allow());
                error(req, resp, 405, path + " accepts " + match.allow() + ", not " + req.getMethod(), cid);
                return;
            }
            pathParams = match.params(channel);
            served.channel = channel.name();
            served.route = channel.urlPath();
            if (recorder != null) {
                served.recording = recorder.begin(cid, channel.name(), req.getMethod(), path, req.getQueryString(),
                        headers, channel.recordSlowerThan());
                served.recording.pathParams(pathParams);
            }
        }
        if (!channel.active()) {
            error(req, resp, 404, "the channel at " + path + " is inactive", cid);
            return;
        }
        Principal principal = null;
        if (channel.security() != null) {
            principal = authenticate(routes, channel, req, resp, cid);
            if (principal == null) {
                return;
            }
        }
        if (channel.rateLimit() != null && !admitted(channel, principal, req, resp, cid)) {
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > maxRequestBytes) {
            error(req, resp, 413, "the request body is " + declared + " bytes; this channel accepts at most "
                    + maxRequestBytes, cid);
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        }
        req.setAttribute(BODY_READ, Boolean.TRUE);
        if (served.recording != null) {
            served.recording.body(body);
        }
        if (body.length > maxRequestBytes) {
            error(req, resp, 413, "the request body is over " + maxRequestBytes + " bytes, the most this channel accepts",
                    cid);
            return;
        }
        JsonNode payload;
        try {
            payload = json.parse(body);
        } catch (JsonProcessingException e) {
            error(req, resp, 400, JsonBodies.describe(e), cid);
            return;
        }
        Request request = new Request(payload, new String(body, StandardCharsets.UTF_8), headers,
                query(req.getQueryString()), pathParams, principal, mapper);
        Answer answer;
        try {
            answer = warmUpCall ? invoker.answer(warmUp.service(), request, cid)
                    : invoker.answer(channel.service(), request, cid);
        } catch (UnknownServiceException e) {
            error(req, resp, 404, "the channel at " + path + " invokes service '" + channel.service()
                    + "', which is not deployed", cid);
            return;
        }
        if (answer.answered()) {
            write(req, resp, answer, cid);
        } else {
            error(req, resp, answer.status(), answer.error());
        }
    }

    /** @return the caller; or {@code null} when refused, the refusal written */
    private Principal authenticate(ChannelRoutes routes, HttpChannel channel, HttpServletRequest req,
                                   HttpServletResponse resp, String cid) throws IOException {
        SecurityDefinition definition = routes.security(channel.security());
        if (definition == null) {
            error(req, resp, 403, "the channel's security definition '" + channel.security() + "' does not exist", cid);
            return null;
        }
        CredentialCheck.Result result = definition instanceof SecurityDefinition.Jwt
                ? routes.jwt(definition.name()).verify(req.getHeader("Authorization"))
                : CredentialCheck.check(definition, req::getHeader, fromHaproxy);
        switch (result.outcome()) {
            case ALLOWED -> {
                return result.principal();
            }
            case MISSING -> {
                if (definition instanceof SecurityDefinition.Basic basic) {
                    resp.setHeader("WWW-Authenticate", "Basic realm=\"" + basic.realm() + "\", charset=\"UTF-8\"");
                    error(req, resp, 401, "this channel needs HTTP Basic Auth credentials", cid);
                } else if (definition instanceof SecurityDefinition.ApiKey key) {
                    error(req, resp, 401, "this channel needs an API key in the " + key.header() + " header", cid);
                } else if (definition instanceof SecurityDefinition.Mtls) {
                    error(req, resp, 401, "this channel needs a client certificate: call it over HTTPS with one"
                            + " (mutual TLS)", cid);
                } else {
                    resp.setHeader("WWW-Authenticate", "Bearer");
                    error(req, resp, 401, "this channel needs a bearer token: Authorization: Bearer <JWT>", cid);
                }
            }
            case REJECTED -> {
                if (definition instanceof SecurityDefinition.Jwt) {
                    resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                }
                error(req, resp, 401, result.reason(), cid);
            }
            case UNAVAILABLE -> error(req, resp, 503, result.reason(), cid);
            default -> error(req, resp, 403, result.reason() != null ? result.reason()
                    : "the credentials are not valid for this channel", cid);
        }
        return null;
    }

    /** @return whether the channel's rate limit lets the request through; if not, the 429 is written */
    private boolean admitted(HttpChannel channel, Principal principal, HttpServletRequest req, HttpServletResponse resp,
                             String cid) throws IOException {
        RateLimit limit = channel.rateLimit();
        String who = switch (limit.by()) {
            case CLIENT -> clientAddress(req);
            case CREDENTIAL -> principal == null ? "" : principal.name();
            case CHANNEL -> "";
        };
        long retryAfter = rateLimiter.admit(channel, who);
        if (retryAfter == 0) {
            return true;
        }
        metrics.rateLimited(channel.name());
        resp.setHeader("Retry-After", Long.toString(retryAfter));
        error(req, resp, 429, "over this channel's rate limit of " + limit.requests() + " requests per " + limit.per()
                + (limit.by() == RateLimit.CountedBy.CHANNEL ? "" : " per " + limit.by()) + "; retry in " + retryAfter + " s", cid);
        return false;
    }

    /** @return the caller's address: the last X-Forwarded-For entry (HAProxy's), else the peer's */
    private static String clientAddress(HttpServletRequest req) {
        String forwarded = null;
        for (String h : Collections.list(req.getHeaders("X-Forwarded-For"))) {
            forwarded = h;
        }
        if (forwarded == null) {
            return req.getRemoteAddr();
        }
        int comma = forwarded.lastIndexOf(',');
        return (comma < 0 ? forwarded : forwarded.substring(comma + 1)).trim();
    }

    private void write(HttpServletRequest req, HttpServletResponse resp, Answer answer, String cid)
            throws IOException {
        Response response = answer.response();
        byte[] body;
        try {
            body = response.payload() == null ? new byte[0] : mapper.writeValueAsBytes(response.payload());
        } catch (JsonProcessingException e) {
            log("cid " + cid + " - the response payload cannot be written as JSON", e);
            error(req, resp, 500, "the service's response cannot be written as JSON; the server log has the details under cid "
                    + cid, cid);
            return;
        }
        response.headers().forEach(resp::setHeader);
        int status = answer.status();
        CallRecording recording = CallRecorder.current();
        if (recording != null) {
            recording.response(body);
        }
        resp.setStatus(status);
        if (body.length == 0) {
            return;
        }
        resp.setContentType(JSON);
        resp.setContentLength(body.length + 1);
        if (!"HEAD".equals(req.getMethod())) {
            var out = resp.getOutputStream();
            out.write(body);
            out.write('\n');
        }
    }

    private void error(HttpServletRequest req, HttpServletResponse resp, int status, String message, String cid)
            throws IOException {
        error(req, resp, status, new ErrorBody(message, cid));
    }

    private void error(HttpServletRequest req, HttpServletResponse resp, int status, ErrorBody error)
            throws IOException {
        if (req.getAttribute(BODY_READ) == null && !drain(req)) {
            resp.setHeader("Connection", "close");
        }
        byte[] body = mapper.writeValueAsBytes(error);
        CallRecording recording = CallRecorder.current();
        if (recording != null) {
            recording.response(body);
        }
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setContentLength(body.length + 1);
        var out = resp.getOutputStream();
        out.write(body);
        out.write('\n');
    }

    /**
     * Reads and discards a body the caller sent but nobody will read, so the keep-alive connection
     * stays usable; a body over the size limit is not read, and the connection is closed instead.
     *
     * @return whether the body was consumed
     */
    private boolean drain(HttpServletRequest req) {
        req.setAttribute(BODY_READ, Boolean.TRUE);
        long declared = req.getContentLengthLong();
        if (declared == 0 || (declared < 0 && req.getHeader("Transfer-Encoding") == null)) {
            return true;
        }
        if (declared > maxRequestBytes) {
            return false;
        }
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = req.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxRequestBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    /** Parses the query string itself: asking the servlet API would read a form-encoded body. */
    public static Map<String, List<String>> query(String queryString) {
        if (queryString == null || queryString.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new HashMap<>();
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
