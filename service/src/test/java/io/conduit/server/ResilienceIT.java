package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.Await;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retries and the circuit breaker of an outgoing connection, set through the admin API and seen by
 * a channel's callers on two nodes: a flaky backend served without errors; a failing one opens the
 * breaker (503 "circuit open", the backend left alone), shown per node in the admin API; the
 * breaker closes again when the backend is back.
 */
class ResilienceIT {

    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static volatile Predicate<Integer> fails = n -> false;
    private static HttpServer backend;
    private static TestCluster cluster;
    private static TestNode one;
    private static TestNode two;
    private static volatile String lastHealth = "";

    @BeforeAll
    static void start() throws Exception {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", exchange -> {
            try (exchange) {
                int n = REQUESTS.incrementAndGet();
                byte[] body = ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(fails.test(n) ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        backend.start();
        cluster = TestCluster.h2();
        one = cluster.start("server1");
        two = cluster.start("server2");
        one.admin("POST", "/conduit/admin/services", Fixtures.text("services/Fetch.java"));
        Reply created = one.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"Backend\", \"address\":"
                + " \"http://127.0.0.1:" + backend.getAddress().getPort() + "\", \"urlPath\": \"/data\", \"method\": \"GET\","
                + " \"timeoutMs\": 2000, \"retries\": {\"maxAttempts\": 3, \"backoff\": \"10ms\", \"maxBackoff\": \"50ms\"},"
                + " \"circuitBreaker\": {\"failureRateThreshold\": 50, \"window\": 4, \"openFor\": \"1s\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("retries").path("on").size()).isEqualTo(4);
        created = one.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"Flaky\", \"address\":"
                + " \"http://127.0.0.1:" + backend.getAddress().getPort() + "\", \"urlPath\": \"/data\", \"method\": \"GET\","
                + " \"retries\": {\"maxAttempts\": 3, \"backoff\": \"10ms\", \"maxBackoff\": \"50ms\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        one.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"fetch\", \"urlPath\": \"/fetch\", \"service\": \"fixtures.fetch\"}");
        await(() -> two.call("GET", "/fetch", null).status() == 200);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    @Test
    void aBackendThatFailsTwoCallsOfThreeIsServedWithoutAnError() {
        REQUESTS.set(0);
        fails = n -> n % 3 != 0;
        for (int i = 0; i < 30; i++) {
            Reply reply = (i % 2 == 0 ? one : two).call("GET", "/fetch?connection=Flaky", null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(REQUESTS.get()).as("three attempts per call").isEqualTo(90);
        fails = n -> false;
    }

    @Test
    void aDeadBackendOpensTheBreakerWhichFailsFastAndClosesWhenTheBackendIsBack() {
        fails = n -> true;
        Reply reply = one.call("GET", "/fetch", null);
        for (int i = 0; i < 10 && !reply.body().contains("circuit open"); i++) {
            assertThat(reply.status()).isEqualTo(502);
            reply = one.call("GET", "/fetch", null);
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.json().path("error").asText()).contains("'Backend'", "circuit open");
        int before = REQUESTS.get();
        long start = System.nanoTime();
        Reply fast = one.call("GET", "/fetch", null);
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(fast.status()).isEqualTo(503);
        assertThat(REQUESTS.get()).as("an open breaker does not call the backend").isEqualTo(before);
        System.out.printf("ResilienceIT: a call through an open breaker answered in %d us%n", micros);

        await(() -> circuit("server1").equals("open") && !circuit("server2").isEmpty());

        fails = n -> false;
        // after openFor, probe calls go through (half-open); enough good ones close the breaker
        await(() -> one.call("GET", "/fetch", null).status() == 200 && circuit("server1").equals("closed"));
    }

    /** @return a node's breaker state as the admin API shows it, or "" when the node has no row */
    private static String circuit(String node) {
        Reply health = two.admin("GET", "/conduit/admin/outgoing/http/Backend/health", null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        lastHealth = health.body();
        for (JsonNode row : health.json()) {
            if (row.path("node").asText().equals(node)) {
                return row.path("circuit").asText();
            }
        }
        return "";
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(20), () -> "the last health answer: " + lastHealth);
    }
}
