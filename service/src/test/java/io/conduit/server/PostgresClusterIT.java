package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.testing.FreePorts;
import io.conduit.testing.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nodes sharing a real PostgreSQL ODB, started by the test on a free port, as across hosts. */
class PostgresClusterIT extends SharedOdbClusterIT {

    private static PostgresServer postgres;
    private static int databases;

    @BeforeAll
    static void startPostgres() {
        postgres = new PostgresServer().start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    /**
     * The multi-host URL docs/OPERATIONS.md gives for a PostgreSQL primary with standbys: the driver tries the
     * hosts in turn and takes the one that is the primary. Here the first host is down.
     */
    @Test
    void aMultiHostUrlReachesThePrimaryPastAHostThatIsDown() {
        String database = "cluster" + (++databases);
        postgres.createDatabase(database);
        String url = postgres.jdbcUrl(database).replace("//127.0.0.1:", "//127.0.0.1:" + FreePorts.next()
                + ",127.0.0.1:") + "?targetServerType=primary";
        try (TestCluster cluster = TestCluster.postgres(url, postgres.user())) {
            TestNode node = cluster.start("server1");
            Fixtures.drop(node.pickupDir(), "Echo.java", Fixtures.text("services/Echo.java"));
            assertThat(node.admin("POST", "/conduit/admin/channels/http",
                    "{\"name\": \"echo\", \"urlPath\": \"/multi-host/echo\", \"service\": \"fixtures.echo\"}")
                    .status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> node.call("POST", "/multi-host/echo", "{}").status() == 200);
        }
    }

    @Override
    TestCluster newCluster() {
        String database = "cluster" + (++databases);
        postgres.createDatabase(database);
        return TestCluster.postgres(postgres.jdbcUrl(database), postgres.user());
    }
}
