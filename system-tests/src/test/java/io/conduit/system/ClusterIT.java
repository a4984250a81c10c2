package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.testing.ExternalProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real two-node cluster made by {@code bin/conduit quickstart}: real HAProxy, Redis, LB agent and
 * demo backends as processes, the tutorial through HAProxy, and what operators do to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String EXPECTED = "{\"first_name\": \"Sean\", \"last_name\": \"O'Brien\","
            + " \"last_payment_date\": \"2013-05-14T10:42:14.401555\", \"last_payment_amount\": \"357\"}";
    private static final String CALL = "{\"cust_id\":123, \"cust_type\":\"A\"}";

    private static Cluster cluster;
    /** Every invocation of the tutorial's service this class made, so statistics can be checked exactly. */
    private static final java.util.concurrent.atomic.AtomicLong TUTORIAL_CALLS = new java.util.concurrent.atomic.AtomicLong();

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void statusSaysEveryPartIsHealthy() {
        Cluster.Result status = cluster.conduit("status", cluster.dir.toString());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("server1", "server2", "haproxy", "lb-agent", "redis").doesNotContain("stopped");

        Cluster.Result json = cluster.conduit("status", cluster.dir.toString(), "-o", "json");
        assertThat(json.exit()).as(json.output()).isZero();
        JsonNode parts = readJson(json.output());
        assertThat(parts.findValuesAsText("part")).contains("server1", "server2", "haproxy", "lb-agent", "redis");
        assertThat(parts.findValuesAsText("state")).containsOnly("healthy");
        assertThat(parts.get(0).path("pid").asLong()).isPositive();

        // every Java part runs with JAVA_OPTS (Cluster sets it) after its own options: a node after service/jvm.options
        for (String part : List.of("server1", "server2", "odb", "lb-agent", "dashboard", "crm-and-payments")) {
            List<String> arguments = List.of(cluster.process(part).info().arguments().orElseThrow());
            assertThat(arguments).as(part).contains("-XX:TieredStopAtLevel=1");
        }
        List<String> node = List.of(cluster.process("server1").info().arguments().orElseThrow());
        assertThat(node.indexOf("-XX:TieredStopAtLevel=1")).isGreaterThan(node.indexOf("-Xmx512m"));
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    @Order(2)
    void theTutorialRunsThroughHaproxyAndBothNodesServe() throws Exception {
        Cluster.Result setup = cluster.apply("examples/tutorial/config", cluster.tutorialAddresses());
        assertThat(setup.exit()).as(setup.output()).isZero();
        assertThat(setup.output()).contains("+ outgoing-http 'CRM' (new)", "+ services 'tutorial/GetClientDetails.java' (new)",
                "KVDB myapp:fraud-detection:cust-type set");
        Cluster.Result deploy = cluster.conduit("deploy", cluster.dir.toString(), "examples/tutorial/GetClientDetails.java");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("Unchanged, already deployed: tutorial/GetClientDetails.java version 1:"
                + " tutorial.get-client-details");

        for (int i = 0; i < 10; i++) {
            Cluster.Reply reply = tutorial();
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json()).isEqualTo(new ObjectMapper().readTree(EXPECTED));
        }
        assertThat(cluster.server("server1").path("totalSessions").asLong()).isPositive();
        assertThat(cluster.server("server2").path("totalSessions").asLong()).isPositive();
        assertThat(cluster.read("backends/logs/fraud-detection.log")).contains("Fraud detection received: {\"timestamp\"");

        Cluster.Result invoke = cluster.conduit("invoke", cluster.dir.toString(), "tutorial.get-client-details",
                "{\"cust_id\": 7, \"cust_type\": \"D\"}");
        TUTORIAL_CALLS.incrementAndGet();
        assertThat(invoke.exit()).as(invoke.output()).isZero();
        assertThat(invoke.output()).contains("\"first_name\" : \"Sean\"");
    }

    @Test
    @Order(3)
    void afterNCallsTheDashboardShowsExactlyNCallsAndSharesAddUpToAHundred() {
        for (int i = 0; i < 25; i++) {
            assertThat(tutorial().status()).isEqualTo(200);
        }
        long made = TUTORIAL_CALLS.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> usage("tutorial.get-client-details") == made);

        JsonNode report = stats("/api/stats/top?by=usage&n=50&period=last-hour");
        JsonNode row = report.path("rows").get(0);
        assertThat(row.path("service").asText()).isEqualTo("tutorial.get-client-details");
        assertThat(row.path("mean").asDouble()).isPositive().isBetween(row.path("min").asDouble(),
                row.path("max").asDouble());
        double usageShares = 0;
        double timeShares = 0;
        for (JsonNode r : report.path("rows")) {
            usageShares += r.path("usageShare").asDouble();
            timeShares += r.path("timeShare").asDouble();
        }
        assertThat(usageShares).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(timeShares).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    @Order(3)
    void theAgentAndTheHaproxyAdminPageRefuseWrongCredentials() {
        assertThat(Cluster.http("GET", cluster.agent() + "/lb/status", null, "admin1", "wrong", null).status())
                .isEqualTo(401);
        assertThat(Cluster.http("GET", cluster.agent() + "/lb/status", null, null, null, null).status()).isEqualTo(401);
        Cluster.Reply status = cluster.agent("GET", "/lb/status", null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("alive").asBoolean()).isTrue();
        assertThat(status.json().path("version").asText()).startsWith("2.");

        String page = "http://127.0.0.1:" + cluster.port(11225) + "/";
        assertThat(Cluster.http("GET", page, null, "admin1", "wrong", null).status()).isEqualTo(401);
        Cluster.Reply admin = Cluster.http("GET", page, null, "admin1", cluster.admin1Password(), null);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("conduit_servers").contains("server1");
    }

    @Test
    @Order(4)
    void aNodeDisabledThroughTheAgentGetsNoTrafficAndGetsItAgainWhenEnabled() {
        assertThat(cluster.agent("POST", "/lb/servers/server2/disable", null).status()).isEqualTo(200);
        assertThat(cluster.server("server2").path("status").asText()).isEqualTo("MAINT");
        long before = cluster.server("server2").path("totalSessions").asLong();
        for (int i = 0; i < 10; i++) {
            assertThat(tutorial()
                    .status()).isEqualTo(200);
        }
        assertThat(cluster.server("server2").path("totalSessions").asLong()).isEqualTo(before);

        assertThat(cluster.agent("POST", "/lb/servers/server2/enable", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            tutorial();
            return cluster.server("server2").path("totalSessions").asLong() > before;
        });
    }

    @Test
    @Order(5)
    void anInvalidConfigIsRefusedAndTheRunningOneIsUntouched() {
        String config = cluster.agent("GET", "/lb/config", null).json().path("text").asText();
        assertThat(config).contains("stats auth admin1:********").doesNotContain(cluster.admin1Password());
        long pid = cluster.agent("GET", "/lb/status", null).json().path("pid").asLong();

        Cluster.Reply refused = Cluster.http("PUT", cluster.agent() + "/lb/config",
                config.replace("balance roundrobin", "balance nonsense"), "admin1", cluster.admin1Password(), "text/plain");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("output").asText()).contains("balance only supports");
        assertThat(cluster.agent("GET", "/lb/config", null).json().path("text").asText()).isEqualTo(config);
        assertThat(cluster.agent("GET", "/lb/status", null).json().path("pid").asLong()).isEqualTo(pid);
        assertThat(tutorial().status())
                .isEqualTo(200);

        Cluster.Reply valid = cluster.agent("POST", "/lb/config/validate", config);
        assertThat(valid.json().path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void aThirdNodeStartedLaterJoinsHaproxyByItselfAndServes() throws Exception {
        Path server3 = cluster.dir.resolve("server3");
        Files.createDirectories(server3.resolve("pickup-dir"));
        String config = cluster.read("server2/config.yml")
                .replace("name: server2", "name: server3")
                .replace("port: " + cluster.port(17011), "port: " + cluster.port(17012))
                .replace("port: " + cluster.port(17111), "port: " + cluster.port(17112))
                .replace("server2/", "server3/");
        Files.writeString(server3.resolve("config.yml"), config);
        try (ExternalProcess node = startServer3("console.log")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode s = cluster.server("server3");
                return s != null && s.path("status").asText().equals("UP");
            });
            assertThat(cluster.read("load-balancer/config/repo/conduit.config"))
                    .contains("server server3 127.0.0.1:" + cluster.port(17012));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                tutorial();
                return cluster.server("server3").path("totalSessions").asLong() > 0;
            });
        }
    }

    /** Starts the third node, made by {@link #aThirdNodeStartedLaterJoinsHaproxyByItselfAndServes}, as its own process. */
    private static ExternalProcess startServer3(String consoleLog) {
        Path server3 = cluster.dir.resolve("server3");
        return ExternalProcess.start("server3", List.of(java(), "-Dconduit.cluster=" + cluster.dir,
                "-jar", Cluster.HOME.resolve("service/target/conduit-service.jar").toString(), "server",
                server3.resolve("config.yml").toString()), server3, server3.resolve(consoleLog));
    }

    @Test
    @Order(9)
    void stopLeavesNoProcessBehind() {
        assertThat(cluster.processes()).isNotEmpty();
        Cluster.Result stop = cluster.conduit("stop", cluster.dir.toString());
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(cluster.processes()).isEmpty();
        assertThat(cluster.conduit("status", cluster.dir.toString()).exit()).isEqualTo(1);
    }

    /** Calls the tutorial through HAProxy, counting the call. */
    private static Cluster.Reply tutorial() {
        TUTORIAL_CALLS.incrementAndGet();
        return Cluster.http("POST", cluster.frontend() + "/tutorial/first-service", CALL, null, null, null);
    }

    private static long usage(String service) {
        for (JsonNode row : stats("/api/stats/top?by=usage&n=50&period=last-hour&percentiles=false").path("rows")) {
            if (row.path("service").asText().equals(service)) {
                return row.path("usage").asLong();
            }
        }
        return 0;
    }

    private static JsonNode stats(String path) {
        Cluster.Reply reply = Cluster.http("GET", "http://127.0.0.1:" + cluster.port(8183) + path, null, "admin",
                cluster.adminPassword(), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
