package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.conduit.testing.LoadGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, changes of what runs: a service redeployed, and an outgoing connection
 * repointed to another backend, each under four client streams through HAProxy. Callers must see
 * no failure, and every answer must come wholly from one version.
 */
class RedeployUnderLoadIT {

    private static final int STREAMS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SERVICES = Path.of("src/test/resources/services/reliability").toAbsolutePath();
    private static Cluster cluster;

    @TempDir
    Path temp;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2);
        cluster.setUpTutorial();
        cluster.deploy(SERVICES.resolve("Versioned.java"));
        cluster.channel("versioned", "/reliability/versioned", "reliability.versioned");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aServiceRedeployedUnderLoadAnswersEveryCallWhollyFromOneVersion() throws Exception {
        LoadGenerator load = LoadGenerator.start("Redeploy of a service", STREAMS,
                LoadGenerator.post(cluster.frontend() + "/reliability/versioned", "{}"),
                RedeployUnderLoadIT::whollyOneVersion);
        load.awaitMoreOk(100, Duration.ofSeconds(60));

        Path v2 = Files.writeString(Files.createDirectories(temp.resolve("v2")).resolve("Versioned.java"),
                Files.readString(SERVICES.resolve("Versioned.java")).replace("\"v1\"", "\"v2\""));
        cluster.deploy(v2);
        long servedByV2Before = count(load, "v2");
        load.awaitMoreOk(200, Duration.ofSeconds(60));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
        assertThat(count(load, "v1")).isPositive();
        assertThat(count(load, "v2")).isGreaterThan(servedByV2Before);
        assertThat(lastVersions(load, 4 * STREAMS)).as("the last answers").containsOnly("v2");
    }

    @Test
    void anOutgoingConnectionRepointedUnderLoadFailsNoCallAndTheNewBackendGetsThem() throws Exception {
        AtomicInteger newCrmCalls = new AtomicInteger();
        HttpServer newCrm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        newCrm.createContext("/crm", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                newCrmCalls.incrementAndGet();
                byte[] body = "{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        newCrm.setExecutor(Executors.newFixedThreadPool(8));
        newCrm.start();
        try {
            LoadGenerator load = LoadGenerator.start("Repoint of an outgoing HTTP connection", STREAMS,
                    LoadGenerator.post(cluster.frontend() + "/tutorial/first-service",
                            "{\"cust_id\":123, \"cust_type\":\"A\"}"),
                    r -> r.status() == 200 && r.body().contains("\"last_name\":\"O'Brien\""));
            load.awaitMoreOk(100, Duration.ofSeconds(60));

            Cluster.Reply moved = cluster.admin("PUT", "/conduit/admin/outgoing/http/CRM", "{\"address\": "
                    + "\"http://127.0.0.1:" + newCrm.getAddress().getPort() + "\", \"urlPath\": \"/crm/client\","
                    + " \"timeoutMs\": 5000}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            load.awaitMoreOk(200, Duration.ofSeconds(60));
            int atMoveBack = newCrmCalls.get();

            Cluster.Reply back = cluster.admin("PUT", "/conduit/admin/outgoing/http/CRM", "{\"address\": "
                    + "\"http://127.0.0.1:" + cluster.port(18080) + "\", \"urlPath\": \"/crm/client\", \"timeoutMs\": 5000}");
            assertThat(back.status()).as(back.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                int before = newCrmCalls.get();
                load.awaitMoreOk(50, Duration.ofSeconds(30));
                return newCrmCalls.get() == before;
            });
            LoadGenerator.Summary summary = load.stop().record();

            assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
            assertThat(atMoveBack).as("calls the new CRM got").isPositive();
        } finally {
            newCrm.stop(0);
        }
    }

    /** @return whether an answer is 200 and both its fields come from the same version */
    private static boolean whollyOneVersion(LoadGenerator.Answer response) {
        if (response.status() != 200) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String version = body.path("version").asText();
            return Set.of("v1", "v2").contains(version) && body.path("greeting").asText().equals("hello from " + version);
        } catch (IOException e) {
            return false;
        }
    }

    private static long count(LoadGenerator load, String version) {
        return load.outcomes().stream().filter(o -> o.detail().contains("\"version\":\"" + version + "\"")).count();
    }

    private static java.util.List<String> lastVersions(LoadGenerator load, int n) {
        var outcomes = load.outcomes();
        return outcomes.subList(Math.max(0, outcomes.size() - n), outcomes.size()).stream()
                .map(o -> o.detail().contains("\"v2\"") ? "v2" : "v1").toList();
    }
}
