package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.testing.LoadGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reliability suite, planned changes: a node stopped, the whole cluster restarted node by node, and
 * with {@code --all} HAProxy, the LB agent and the dashboard too, each under four client streams
 * calling the tutorial through HAProxy. Callers must see no failure at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRestartIT {

    private static final int STREAMS = 4;
    private static Cluster cluster;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2);
        cluster.setUpTutorial();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aNodeStoppedLeavesHaproxyBeforeItClosesAndComesBackGraduallyFailingNoRequest() {
        long before = cluster.pid("server2");
        LoadGenerator load = tutorialLoad("Graceful stop and warm join of a node");
        load.awaitMoreOk(50, Duration.ofSeconds(60));

        cluster.process("server2").destroy();
        cluster.process("server2").onExit().join();
        load.awaitMoreOk(50, Duration.ofSeconds(30));
        // at least the 2 failed checks asked for (HAProxy may run a third before traffic has stopped)
        assertThat(cluster.read("server2/logs/server.log"))
                .containsPattern("server2 - out of the load balancer after \\d+ ms \\(([2-9]|\\d\\d+) failed checks\\)");

        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("server2          started").contains("server1          already running");
        AtomicInteger lowestThrottle = new AtomicInteger(100);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var server = cluster.server("server2");
            if (server != null && server.path("status").asText().equals("UP")) {
                lowestThrottle.accumulateAndGet(server.path("throttle").asInt(100), Math::min);
                return server.path("throttle").asInt(100) == 100 && lowestThrottle.get() < 100;
            }
            return false;
        });
        load.awaitMoreOk(50, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(cluster.pid("server2")).isNotEqualTo(before);
        assertThat(lowestThrottle.get()).as("HAProxy's throttle of server2 just after it came back UP").isLessThan(100);
        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
    }

    @Test
    @Order(2)
    void aRollingRestartOfEveryNodeFailsNoRequest() {
        Map<String, Long> before = Map.of("server1", cluster.pid("server1"), "server2", cluster.pid("server2"));
        LoadGenerator load = tutorialLoad("Rolling restart of every node (bin/conduit restart)");
        load.awaitMoreOk(50, Duration.ofSeconds(60));

        Cluster.Result restart = cluster.conduit("restart", cluster.dir.toString());
        load.awaitMoreOk(50, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(restart.exit()).as(restart.output()).isZero();
        assertThat(restart.output()).contains("server1          UP in HAProxy again", "server2          UP in HAProxy again");
        before.forEach((server, pid) -> assertThat(cluster.pid(server)).as(server).isNotEqualTo(pid));
        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
    }

    @Test
    @Order(3)
    void restartAllAlsoReloadsHaproxyAndRestartsTheAgentAndTheDashboardFailingNoRequest() {
        long worker = cluster.agent("GET", "/lb/status", null).json().path("pid").asLong();
        Map<String, Long> before = Map.of("server1", cluster.pid("server1"), "server2", cluster.pid("server2"),
                "lb-agent", cluster.pid("lb-agent"), "dashboard", cluster.pid("dashboard"));
        long haproxyMaster = cluster.pid("haproxy");
        LoadGenerator load = tutorialLoad("Rolling restart of every part (bin/conduit restart --all)");
        load.awaitMoreOk(50, Duration.ofSeconds(60));

        Cluster.Result restart = cluster.conduit("restart", cluster.dir.toString(), "--all");
        load.awaitMoreOk(50, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(restart.exit()).as(restart.output()).isZero();
        assertThat(restart.output()).contains("haproxy          reloaded gracefully", "redis            left running");
        before.forEach((part, pid) -> assertThat(cluster.pid(part)).as(part).isNotEqualTo(pid));
        assertThat(cluster.pid("haproxy")).as("HAProxy's master stays").isEqualTo(haproxyMaster);
        assertThat(cluster.agent("GET", "/lb/status", null).json().path("pid").asLong()).as("HAProxy's worker")
                .isNotEqualTo(worker);
        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
    }

    @Test
    @Order(4)
    void haproxyReloadedUnderManyKeepAliveClientsLosesNoRequest() throws Exception {
        // Short calls on many keep-alive connections, from clients that never check a connection
        // before they reuse it: an HAProxy 2.6 reload closes idle ones under such clients.
        int reloads = 5;
        try (KeepAliveClients clients = new KeepAliveClients("127.0.0.1", cluster.port(11223), "/conduit/ping", 64)) {
            awaitMoreAnswers(clients, 500);
            for (int i = 0; i < reloads; i++) {
                Cluster.Reply reload = cluster.agent("POST", "/lb/reload", null);
                assertThat(reload.status()).as(reload.body()).isEqualTo(200);
                awaitMoreAnswers(clients, 2000);
            }
            clients.close();
            LoadGenerator.Summary summary = new LoadGenerator.Summary("HAProxy reloaded " + reloads
                    + " times under 64 keep-alive clients", clients.answered() + clients.lost().size(), 0,
                    clients.lost().size(), List.of()).record();
            assertThat(clients.lost()).as("lost requests of %d", summary.sent()).isEmpty();
        }
    }

    private static void awaitMoreAnswers(KeepAliveClients clients, int more) {
        int target = clients.answered() + more;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> clients.answered() >= target);
    }

    private static LoadGenerator tutorialLoad(String scenario) {
        return LoadGenerator.start(scenario, STREAMS,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}"),
                r -> r.status() == 200 && r.body().contains("\"last_payment_amount\":\"357\""));
    }
}
