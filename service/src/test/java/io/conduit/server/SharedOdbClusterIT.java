package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes sharing one ODB: what is deployed on one serves on the others, and a node started later
 * serves it at once. Run on H2 ({@link H2ClusterIT}) and PostgreSQL ({@link PostgresClusterIT}).
 */
abstract class SharedOdbClusterIT {

    private TestCluster cluster;

    abstract TestCluster newCluster();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deployedOnOneNodeServedByTheOtherAndByANodeStartedLater() {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        TestNode second = cluster.start("server2");

        Fixtures.drop(first.pickupDir(), "Echo.java", Fixtures.text("services/Echo.java"));
        assertThat(first.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"echo\", \"urlPath\": \"/cluster/echo\", \"service\": \"fixtures.echo\"}").status())
                .isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> second.call("POST", "/cluster/echo", "{}").status() == 200);
        Reply fromSecond = second.call("POST", "/cluster/echo", "{\"n\": 2}");
        assertThat(fromSecond.json().at("/echo/n").asInt()).isEqualTo(2);

        TestNode third = cluster.start("server3");
        Reply fromThird = third.call("POST", "/cluster/echo", "{\"n\": 3}");
        assertThat(fromThird.status()).isEqualTo(200);
        assertThat(fromThird.json().at("/echo/n").asInt()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(20)).until(() -> third.admin("GET", "/conduit/admin/cluster/nodes", null)
                .json().findValuesAsText("name").equals(java.util.List.of("server1", "server2", "server3")));
        await().atMost(Duration.ofSeconds(20)).until(() -> third.admin("GET",
                "/conduit/admin/services/fixtures.echo", null).json().path("nodes").findValuesAsText("status")
                .equals(java.util.List.of("deployed", "deployed", "deployed")));
    }

    @Test
    void aNodeThatMissedTheBrokersMessageCatchesUpFromTheOdb() {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        TestNode second = cluster.start("server2");
        first.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));

        cluster.redis().stop();
        try {
            assertThat(first.admin("POST", "/conduit/admin/channels/http",
                    "{\"name\": \"echo\", \"urlPath\": \"/missed\", \"service\": \"fixtures.echo\"}").status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> second.call("POST", "/missed", "{}").status() == 200);
        } finally {
            cluster.redis().start();
        }
    }

    @Test
    void aChannelChangedOnOneNodeAppliesOnTheOtherWithoutRestart() {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        TestNode second = cluster.start("server2");
        first.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        first.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"echo\", \"urlPath\": \"/before\", \"service\": \"fixtures.echo\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> second.call("POST", "/before", "{}").status() == 200);

        Reply moved = first.admin("PUT", "/conduit/admin/channels/http/echo",
                "{\"urlPath\": \"/after\", \"service\": \"fixtures.echo\", \"method\": \"POST\"}");
        assertThat(moved.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> second.call("POST", "/after", "{}").status() == 200);
        assertThat(second.call("POST", "/before", "{}").status()).isEqualTo(404);
        assertThat(second.call("GET", "/after", null).status()).isEqualTo(405);
    }
}
