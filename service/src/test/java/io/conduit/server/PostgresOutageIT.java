package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.testing.LoadGenerator;
import io.conduit.testing.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reliability suite: the ODB on a real PostgreSQL, stopped for 15 s while two nodes serve a channel
 * under load. Channels keep serving from memory, a configuration change is refused with a 503 that
 * names the ODB, and once PostgreSQL is back the nodes use it again by themselves.
 */
class PostgresOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static PostgresServer postgres;
    private static TestCluster cluster;
    private static TestNode server1;
    private static TestNode server2;

    @BeforeAll
    static void start() {
        postgres = new PostgresServer().start();
        cluster = TestCluster.postgres(postgres.jdbcUrl(), postgres.user());
        server1 = cluster.start("server1");
        server2 = cluster.start("server2");
        assertThat(server1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java")).status())
                .isEqualTo(201);
        assertThat(server1.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"echo\", \"urlPath\": \"/outage/echo\", \"service\": \"fixtures.echo\"}").status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void postgresStoppedFailsNoChannelCallRefusesChangesWithA503AndTheNodesRecoverByThemselves() {
        LoadGenerator load = LoadGenerator.start("ODB (PostgreSQL) stopped 15 s: channel calls", 4, () -> {
            TestNode node = Math.random() < 0.5 ? server1 : server2;
            return LoadGenerator.post("http://127.0.0.1:" + node.port() + "/outage/echo", "{\"n\": 1}").get();
        });
        load.awaitMoreOk(200, Duration.ofSeconds(60));

        long stoppedAt = System.currentTimeMillis();
        postgres.stop();
        TestNode.Reply refused = server2.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"later\", \"urlPath\": \"/outage/later\", \"service\": \"fixtures.echo\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().path("error").asText())
                .contains("the ODB (" + postgres.jdbcUrl() + ") cannot be reached").contains("retry");
        load.awaitMoreOk(200, Duration.ofSeconds(30));
        await().atMost(OUTAGE.plusSeconds(10)).until(() -> System.currentTimeMillis() - stoppedAt >= OUTAGE.toMillis());

        postgres.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> server2.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"later\", \"urlPath\": \"/outage/later\", \"service\": \"fixtures.echo\"}").status() == 201);
        for (TestNode node : new TestNode[] {server1, server2}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.call("POST", "/outage/later", "{}").status() == 200);
        }
        load.awaitMoreOk(200, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
    }
}
