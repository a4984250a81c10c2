package io.conduit.server.outgoing;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.tracing.Tracing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and the circuit breaker of an outgoing HTTP connection, against a real loopback backend. */
class ResilienceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final MetricRegistry metrics = new MetricRegistry();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private HttpServer server;
    /** the backend fails the calls whose number (from 1) this says */
    private volatile java.util.function.IntPredicate fails = n -> false;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int n = requests.incrementAndGet();
                byte[] bytes = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(fails.test(n) ? 503 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBackendThatFailsTwoCallsOfThreeIsServedThroughRetriesWithoutAnError() {
        fails = n -> n % 3 != 0;
        try (HttpPool pool = pool("GET", "{'maxAttempts': 3, 'backoff': '5ms', 'maxBackoff': '20ms'}", null)) {
            for (int i = 0; i < 20; i++) {
                assertThat(pool.send("cid" + i, null).statusCode()).isEqualTo(200);
            }
        }
        assertThat(requests.get()).isEqualTo(60);
        assertThat(metrics.counter("outgoing.http.CRM.retries").getCount()).isEqualTo(40);
    }

    @Test
    void aPostIsNotRetriedUnlessAllowedAndOnlyTheCausesAskedForAreRetried() {
        fails = n -> n == 1;
        try (HttpPool pool = pool("POST", "{'maxAttempts': 3, 'backoff': '5ms', 'maxBackoff': '20ms'}", null)) {
            assertThat(catchThrowableOfType(OutgoingException.class, () -> pool.send("c", Map.of())).reason())
                    .isEqualTo(Reason.SERVER_ERROR);
        }
        requests.set(0);
        try (HttpPool pool = pool("POST", "{'maxAttempts': 3, 'backoff': '5ms', 'maxBackoff': '20ms', 'retryNonIdempotent': true}", null)) {
            assertThat(pool.send("c", Map.of()).statusCode()).isEqualTo(200);
        }
        requests.set(0);
        try (HttpPool pool = pool("GET", "{'maxAttempts': 3, 'backoff': '5ms', 'maxBackoff': '20ms', 'on': ['timeout']}", null)) {
            assertThat(catchThrowableOfType(OutgoingException.class, () -> pool.send("c", null)).reason())
                    .as("a 5xx when only timeouts are retried").isEqualTo(Reason.SERVER_ERROR);
        }
    }

    @Test
    void aFailingBackendOpensTheBreakerWhichFailsCallsWithoutCallingItThenClosesWhenItIsBack() {
        fails = n -> true;
        try (HttpPool pool = pool("GET", null, "{'failureRateThreshold': 50, 'slowCallDuration': '2s', 'window': 4, 'openFor': '300ms'}")) {
            for (int i = 0; i < 4; i++) {
                assertThat(catchThrowableOfType(OutgoingException.class, () -> pool.send("c", null)).reason())
                        .isEqualTo(Reason.SERVER_ERROR);
            }
            int before = requests.get();
            OutgoingException open = catchThrowableOfType(OutgoingException.class, () -> pool.send("c", null));
            assertThat(open.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
            assertThat(open.getMessage()).contains("'CRM'", "circuit open");
            assertThat(requests.get()).as("the backend was not called").isEqualTo(before);
            assertThat(transitions).containsExactly("OPEN");

            fails = n -> false;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!transitions.contains("CLOSED") && System.nanoTime() < deadline) {
                try {
                    pool.send("c", null);
                } catch (OutgoingException e) {
                    assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            }
            assertThat(transitions).containsExactly("OPEN", "HALF_OPEN", "CLOSED");
            assertThat(pool.send("c", null).statusCode()).isEqualTo(200);
        }
        assertThat(metrics.counter("outgoing.http.CRM.circuit.open").getCount()).isEqualTo(1);
    }

    @Test
    void settingsAreCheckedAndDefaulted() {
        OutgoingHttpConfig defaults = bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1', 'retries': {},"
                + " 'circuitBreaker': {}}");
        assertThat(defaults.retries()).isEqualTo(new Retries(3, Duration.ofMillis(100), Duration.ofSeconds(2),
                List.of(Retries.Cause.CONNECT, Retries.Cause.TIMEOUT, Retries.Cause.SERVER_ERROR,
                        Retries.Cause.TOO_MANY_REQUESTS), false));
        assertThat(defaults.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(50, Duration.ofSeconds(2), 20,
                Duration.ofSeconds(30)));
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class, () -> bind(
                OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1', 'retries': {'maxAttempts': 1}}")))
                .hasMessage("retries.maxAttempts must be greater than or equal to 2");
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class, () -> bind(
                OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1', 'retries': {'on': ['4xx']}}")))
                .hasMessage("retries.on[0] must be one of connect, timeout, 5xx, 429, not '4xx'");
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class, () -> bind(
                OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1', 'retries': {'backoff': 'soon'}}")))
                .hasMessage("retries.backoff must be a duration like 500ms, 30s, 5m or 1h, not 'soon'");
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class, () -> bind(
                OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1', 'circuitBreaker': {'failureRateThreshold': 0}}")))
                .hasMessage("circuitBreaker.failureRateThreshold must be greater than or equal to 1");
    }

    private HttpPool pool(String method, String retries, String breaker) {
        OutgoingHttpConfig config = bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://127.0.0.1:"
                + server.getAddress().getPort() + "', 'urlPath': '/crm', 'method': '" + method + "', 'timeoutMs': 2000,"
                + " 'poolSize': 4, 'retries': " + retries + ", 'circuitBreaker': " + breaker + "}");
        return new HttpPool(config, null, mapper, metrics, ConnectionMeter.NONE, Tracing.off("test", "dev"),
                p -> transitions.add(p.breaker().getState().name()), null);
    }
}
