package io.conduit.server.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
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
        try (HttpPool pool = pool("GET", new Retries(3, "5ms", "20ms", null, null), null)) {
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
        try (HttpPool pool = pool("POST", new Retries(3, "5ms", "20ms", null, null), null)) {
            assertThat(catchThrowableOfType(OutgoingException.class, () -> pool.send("c", Map.of())).reason())
                    .isEqualTo(Reason.SERVER_ERROR);
        }
        requests.set(0);
        try (HttpPool pool = pool("POST", new Retries(3, "5ms", "20ms", null, true), null)) {
            assertThat(pool.send("c", Map.of()).statusCode()).isEqualTo(200);
        }
        requests.set(0);
        try (HttpPool pool = pool("GET", new Retries(3, "5ms", "20ms", List.of("timeout"), null), null)) {
            assertThat(catchThrowableOfType(OutgoingException.class, () -> pool.send("c", null)).reason())
                    .as("a 5xx when only timeouts are retried").isEqualTo(Reason.SERVER_ERROR);
        }
    }

    @Test
    void aFailingBackendOpensTheBreakerWhichFailsCallsWithoutCallingItThenClosesWhenItIsBack() {
        fails = n -> true;
        try (HttpPool pool = pool("GET", null, new CircuitBreakerSettings(50, "2s", 4, "300ms"))) {
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
        assertThat(new Retries(null, null, null, null, null).validated())
                .isEqualTo(new Retries(3, "100ms", "2s", List.of("connect", "timeout", "5xx", "429"), false));
        assertThat(new CircuitBreakerSettings(null, null, null, null).validated())
                .isEqualTo(new CircuitBreakerSettings(50, "2s", 20, "30s"));
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class,
                () -> new Retries(1, null, null, null, null).validated())).hasMessageContaining("maxAttempts");
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class,
                () -> new Retries(3, null, null, List.of("4xx"), null).validated())).hasMessageContaining("'4xx'");
        assertThat(catchThrowableOfType(io.conduit.common.error.InvalidInputException.class,
                () -> new CircuitBreakerSettings(0, null, null, null).validated())).hasMessageContaining("1 to 100");
    }

    private HttpPool pool(String method, Retries retries, CircuitBreakerSettings breaker) {
        OutgoingHttpConfig config = new OutgoingHttpConfig("CRM", "http://127.0.0.1:" + server.getAddress().getPort(),
                "/crm", method, "json", 2000, 4, null, null, retries, breaker, true).validated();
        return new HttpPool(config, null, mapper, metrics, p -> transitions.add(p.breaker().getState().name()));
    }
}
