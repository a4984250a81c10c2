package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.HttpConnection;
import io.conduit.server.outgoing.HttpCalls;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.common.cid.Cids;
import io.conduit.server.outgoing.HttpAnswers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake outgoing HTTP connection, under the name a service asks for. The test says what it answers
 * ({@link #reply}, or {@link #on} a method, with a query or a body); the service gets what a node's
 * connection would give it: the response, or the same {@code OutgoingException} for a 5xx, a body
 * that is not JSON, a timeout or a backend that cannot be reached. Every request is recorded.
 *
 * <pre>{@code
 * harness.http("CRM").reply(200, Map.of("firstName", "Jane"));
 * harness.http("Payments").on("POST").withBody(Map.of("cust_id", 123)).reply(503, "down for maintenance");
 * }</pre>
 *
 * <p>A reply the service never asked for fails the test after it (unless {@link Stub#optional()}); a
 * request no reply matches fails the call, naming what was sent and what the test expected.
 */
public final class FakeHttp {

    private final String name;
    private final ServiceHarness harness;
    private final List<Stub> stubs = new CopyOnWriteArrayList<>();
    private final List<OutgoingCall> requests = new CopyOnWriteArrayList<>();
    private final Connection connection = new Connection();
    private volatile String method = "POST";
    private volatile String path = "/";
    private volatile Duration timeout = Duration.ofSeconds(10);

    FakeHttp(String name, ServiceHarness harness) {
        this.name = name;
        this.harness = harness;
    }

    /** @return the connection's name */
    public String name() {
        return name;
    }

    /**
     * @param method the method {@code send(payload)} uses, as the real connection is configured (POST by default)
     * @param path   the connection's URL path, as configured (the fake's address is {@code http://NAME.fake})
     * @return this
     */
    public FakeHttp configured(String method, String path) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path.startsWith("/") ? path : "/" + path;
        return this;
    }

    /** @param timeout the connection's timeout: a reply {@link Stub#after delayed} longer times out; 10 s by default */
    public FakeHttp timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** @return a reply to any request not matched by a more specific one */
    public Stub onAnyRequest() {
        Stub stub = new Stub(null);
        stubs.add(stub);
        return stub;
    }

    /** Answers any request with a status and a body (a {@code Map}, {@code JsonNode}, object, or a String sent as is). */
    public Stub reply(int status, Object body) {
        return onAnyRequest().reply(status, body);
    }

    /**
     * @param method the request's method ({@code send(payload)} uses the connection's, see {@link #configured})
     * @return a reply to requests with that method
     */
    public Stub on(String method) {
        Stub stub = new Stub(method.toUpperCase(Locale.ROOT));
        stubs.add(stub);
        return stub;
    }

    /** @return the requests the service sent, in order */
    public List<OutgoingCall> requests() {
        return List.copyOf(requests);
    }

    /** @return the one request the service sent; fails if it sent none or several */
    public OutgoingCall request() {
        if (requests.size() != 1) {
            throw new AssertionError("outgoing HTTP connection '" + name + "' was sent " + requests.size()
                    + " requests, not one: " + requests);
        }
        return requests.get(0);
    }

    HttpConnection connection() {
        return connection;
    }

    void reset() {
        stubs.clear();
        requests.clear();
        method = "POST";
        path = "/";
        timeout = Duration.ofSeconds(10);
    }

    /** @return what the test expected and the service never sent */
    List<String> unused() {
        List<String> unused = new ArrayList<>();
        for (Stub stub : stubs) {
            if (stub.uses == 0 && !stub.optional) {
                unused.add("outgoing HTTP connection '" + name + "': the test expected " + stub.describe()
                        + ", which no service sent");
            }
        }
        return unused;
    }

    /** One reply: what it matches, and what it answers. */
    public final class Stub {
        private final String method;
        private JsonNode body;
        private Map<String, String> query;
        private int status = 200;
        private Object answer;
        private Reason failure;
        private String recordedFailure;
        private Duration delay = Duration.ZERO;
        private boolean optional;
        private boolean once;
        private volatile int uses;

        private Stub(String method) {
            this.method = method;
        }

        /** Matches only requests with this JSON body (compared as JSON, not as text). */
        public Stub withBody(Object expected) {
            this.body = harness.mapper().valueToTree(expected);
            return this;
        }

        /** Matches only requests with these query parameters. */
        public Stub withQuery(Map<String, String> expected) {
            this.query = Map.copyOf(expected);
            return this;
        }

        /**
         * @param status the status (5xx fails the call as a node's connection does)
         * @param answer the body: a {@code Map}, {@code JsonNode} or object (written as JSON), a String as is, or null
         */
        public Stub reply(int status, Object answer) {
            this.status = status;
            this.answer = answer;
            return this;
        }

        /**
         * Fails the call as a node's connection fails for that reason: {@code UNREACHABLE} (refused),
         * {@code TIMEOUT}, {@code INACTIVE} or {@code CIRCUIT_OPEN}.
         */
        public Stub fail(Reason reason) {
            this.failure = reason;
            return this;
        }

        /** Fails the call with the very message a node's connection gave when the call was recorded. */
        Stub failAsRecorded(Reason reason, String message) {
            this.failure = reason;
            this.recordedFailure = message;
            return this;
        }

        /**
         * Answers after this long on the test's clock (no real wait): a delay past the connection's
         * timeout fails the call with {@code TIMEOUT}.
         */
        public Stub after(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** The test does not fail if no service sends what this reply matches. */
        public Stub optional() {
            this.optional = true;
            return this;
        }

        /**
         * Answers one request only. Replies given with {@code once()} that match the same requests answer
         * them in the order given (a recorded call's replies, {@link ServiceHarness#replay}, are such).
         */
        public Stub once() {
            this.once = true;
            return this;
        }

        /** @return how many requests this reply answered */
        public int uses() {
            return uses;
        }

        private boolean matches(String requestMethod, Map<String, String> params, JsonNode sent) {
            return !(once && uses > 0) && (method == null || method.equals(requestMethod)) && (query == null || query.equals(params))
                    && (body == null || body.equals(sent));
        }

        private int specificity() {
            return (method == null ? 0 : 1) + (query == null ? 0 : 1) + (body == null ? 0 : 1);
        }

        private String describe() {
            return (method == null ? "any request" : method) + (query == null ? "" : " with query " + query)
                    + (body == null ? "" : " with body " + body);
        }
    }

    private HttpResponse call(String requestMethod, String cid, Object payload, Map<String, String> params) {
        long start = System.nanoTime();
        ObjectMapper mapper = harness.mapper();
        JsonNode sent = payload == null ? null : mapper.valueToTree(payload);
        String url = "http://" + name + ".fake" + path;
        OutgoingCall call = new OutgoingCall("http", name, requestMethod, path + HttpAnswers.query(params), sent,
                cid == null ? Map.of() : Map.of(Cids.HEADER, cid));
        requests.add(call);
        harness.sent(call);
        // the most specific reply that matches; of equally specific ones, the first once() or else the last given
        Stub stub = null;
        for (Stub s : stubs) {
            if (s.matches(requestMethod, params == null ? Map.of() : params, sent) && (stub == null
                    || s.specificity() > stub.specificity() || s.specificity() == stub.specificity() && !stub.once)) {
                stub = s;
            }
        }
        if (stub == null) {
            throw new AssertionError("service '" + harness.currentService() + "' sent " + call
                    + ", which no reply of the test matches; the test's replies for '" + name + "': "
                    + (stubs.isEmpty() ? "none" : stubs.stream().map(Stub::describe).toList())
                    + ". Add harness.http(\"" + name + "\").on(\"" + requestMethod + "\").reply(...)");
        }
        stub.uses++;
        if (stub.delay.compareTo(timeout) >= 0) {
            harness.clock().advance(timeout);
            throw HttpAnswers.failure(name, url, Reason.TIMEOUT, requestMethod, "did not answer within "
                    + timeout.toMillis() + " ms (the test's fake)", start, null);
        }
        harness.clock().advance(stub.delay);
        if (stub.recordedFailure != null) {
            throw new OutgoingException(name, stub.failure, stub.recordedFailure, null);
        }
        if (stub.failure != null) {
            String what = switch (stub.failure) {
                case UNREACHABLE -> "could not connect: Connection refused (the test's fake)";
                case TIMEOUT -> "did not answer within " + timeout.toMillis() + " ms (the test's fake)";
                case INACTIVE -> "is inactive; activate it to use it (the test's fake)";
                case CIRCUIT_OPEN -> "was not called: its circuit breaker is open (the test's fake)";
                default -> "failed: " + stub.failure + " (the test's fake)";
            };
            throw HttpAnswers.failure(name, url, stub.failure, requestMethod, what, start, null);
        }
        byte[] bytes;
        try {
            bytes = stub.answer == null ? new byte[0] : stub.answer instanceof String text
                    ? text.getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(stub.answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the test's reply for '" + name + "' cannot be written as JSON", e);
        }
        return HttpAnswers.read(name, requestMethod, url, stub.status, bytes, mapper, start);
    }

    /** What the service holds: the connection's methods, each recorded and answered by a stub. */
    private final class Connection extends HttpCalls {
        @Override
        public String name() {
            return name;
        }

        @Override
        public String url() {
            return "http://" + name + ".fake" + path;
        }

        @Override
        protected String configuredMethod() {
            return method;
        }

        @Override
        protected HttpResponse call(String requestMethod, String cid, Object payload, Map<String, String> params) {
            return FakeHttp.this.call(requestMethod, cid, payload, params);
        }
    }
}
