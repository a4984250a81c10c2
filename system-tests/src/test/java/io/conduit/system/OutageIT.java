package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.testing.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reliability suite, unplanned faults under load through HAProxy: Redis stopped for 30 s, the ODB
 * stopped, HAProxy killed, a node killed. What does not need the part that is gone must not fail;
 * what does gets a clear error naming it; everything recovers by itself once the part is back
 * ({@code bin/conduit start} brings back only what is missing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

    private static final Path SERVICES = Path.of("src/test/resources/services/reliability").toAbsolutePath();
    private static final Duration REDIS_OUTAGE = Duration.ofSeconds(30);
    private static final Duration ODB_OUTAGE = Duration.ofSeconds(15);
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(5);
    private static Cluster cluster;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2);
        cluster.setUpTutorial();
        cluster.deploy(SERVICES.resolve("Echo.java"));
        cluster.channel("echo", "/reliability/echo", "reliability.echo");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void redisStoppedForThirtySecondsFailsOnlyKvdbCallsWithA503AndLosesNoStatistics() {
        LoadGenerator echo = echoLoad("Redis stopped 30 s: calls without the KVDB");
        LoadGenerator kvdb = LoadGenerator.start("Redis stopped 30 s: calls using the KVDB (503 while it is away)", 2,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}"));
        echo.awaitMoreOk(100, Duration.ofSeconds(60));
        kvdb.awaitMoreOk(20, Duration.ofSeconds(60));

        long stoppedAt = System.currentTimeMillis();
        cluster.process("redis").destroy();
        cluster.process("redis").onExit().join();

        cluster.channel("made-without-redis", "/reliability/made-without-redis", "reliability.echo");
        for (int server = 1; server <= 2; server++) {
            String node = "http://127.0.0.1:" + cluster.port(17010 + server - 1);
            await().atMost(SYNC_INTERVAL.plusSeconds(5)).until(() ->
                    Cluster.http("POST", node + "/reliability/made-without-redis", "{}", null, null, null).status() == 200);
        }
        echo.awaitMoreOk(100, Duration.ofSeconds(30));
        await().atMost(REDIS_OUTAGE.plusSeconds(10)).until(() -> System.currentTimeMillis() - stoppedAt
                >= REDIS_OUTAGE.toMillis());

        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        long backAt = System.currentTimeMillis();
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("redis            started").contains("server1          already running");
        kvdb.awaitMoreOk(50, Duration.ofSeconds(30));
        echo.awaitMoreOk(100, Duration.ofSeconds(30));
        LoadGenerator.Summary withoutKvdb = echo.stop().record();
        LoadGenerator.Summary withKvdb = kvdb.stop().record();

        assertThat(withoutKvdb.problems()).as("failed and lost calls without the KVDB, of %d", withoutKvdb.sent())
                .isEmpty();
        assertThat(withKvdb.lost()).isZero();
        assertThat(withKvdb.failed()).as("KVDB calls refused while Redis was away").isPositive();
        assertThat(withKvdb.problems()).allSatisfy(failure -> {
            assertThat(failure.status()).isEqualTo(503);
            assertThat(failure.detail()).contains("the KVDB (Redis at 127.0.0.1:" + cluster.port(16379)
                    + ") cannot be reached");
            assertThat(failure.startedAt()).isBetween(stoppedAt - 1000, backAt + 5000);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.usage("reliability.echo")).as("calls counted by the statistics")
                        .isEqualTo(withoutKvdb.sent() + 2));
    }

    @Test
    @Order(2)
    void theOdbStoppedFailsNoChannelCallRefusesChangesWithA503AndTheNodesRecoverByThemselves() {
        List<Long> nodes = List.of(cluster.pid("server1"), cluster.pid("server2"));
        LoadGenerator echo = echoLoad("ODB (H2 server) stopped 15 s: channel calls");
        echo.awaitMoreOk(100, Duration.ofSeconds(60));

        long stoppedAt = System.currentTimeMillis();
        cluster.process("odb").destroy();
        cluster.process("odb").onExit().join();
        Cluster.Reply refused = cluster.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"made-after-odb\", \"urlPath\": \"/reliability/made-after-odb\", \"service\": \"reliability.echo\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().path("error").asText()).contains("the ODB (jdbc:h2:tcp://127.0.0.1:"
                + cluster.port(19092) + "/conduit) cannot be reached").contains("retry");
        assertThat(refused.json().path("cid").asText()).isNotEmpty();
        echo.awaitMoreOk(100, Duration.ofSeconds(30));
        await().atMost(ODB_OUTAGE.plusSeconds(10)).until(() -> System.currentTimeMillis() - stoppedAt
                >= ODB_OUTAGE.toMillis());

        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("odb              started").contains("server1          already running");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"made-after-odb\", \"urlPath\": \"/reliability/made-after-odb\", \"service\": \"reliability.echo\"}")
                .status() == 201);
        for (int server = 1; server <= 2; server++) {
            String node = "http://127.0.0.1:" + cluster.port(17010 + server - 1);
            await().atMost(SYNC_INTERVAL.plusSeconds(5)).until(() ->
                    Cluster.http("POST", node + "/reliability/made-after-odb", "{}", null, null, null).status() == 200);
        }
        echo.awaitMoreOk(50, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = echo.stop().record();

        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
        assertThat(List.of(cluster.pid("server1"), cluster.pid("server2"))).as("no node restarted").isEqualTo(nodes);
    }

    @Test
    @Order(3)
    void haproxyKilledIsReportedByStatusStartBringsBackOnlyItAndTheAgentReconnects() {
        long agent = cluster.pid("lb-agent");
        cluster.kill("haproxy");

        Cluster.Result status = cluster.conduit("status", cluster.dir.toString());
        assertThat(status.exit()).isNotZero();
        assertThat(status.output()).containsPattern("haproxy +- +stopped");
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("haproxy          started").contains("lb-agent         already running")
                .contains("server1          already running");

        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.status("server1").equals("UP")
                && cluster.status("server2").equals("UP"));
        assertThat(cluster.agent("GET", "/lb/status", null).json().path("alive").asBoolean()).isTrue();
        assertThat(cluster.pid("lb-agent")).as("the same agent").isEqualTo(agent);
        assertThat(Cluster.http("POST", cluster.frontend() + "/reliability/echo", "{}", null, null, null).status())
                .isEqualTo(200);
    }

    @Test
    @Order(4)
    void aNodeKilledUnderLoadFailsAtMostTheRequestsItHadInFlight() {
        int streams = 4;
        LoadGenerator load = LoadGenerator.start("kill -9 of a node (at most its calls in flight)", streams,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}"));
        load.awaitMoreOk(50, Duration.ofSeconds(60));

        cluster.kill("server2");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.status("server2").startsWith("DOWN"));
        load.awaitMoreOk(50, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).hasSizeLessThanOrEqualTo(streams);
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
    }

    private static LoadGenerator echoLoad(String scenario) {
        return LoadGenerator.start(scenario, 4, LoadGenerator.post(cluster.frontend() + "/reliability/echo",
                "{\"hello\": \"world\"}"), r -> r.status() == 200 && r.body().contains("\"hello\":\"world\""));
    }
}
