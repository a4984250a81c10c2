package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that starts warms itself up before its health check says healthy: the load balancer sends
 * it nothing meanwhile, while a caller that reaches it directly is served.
 */
class WarmUpIT {

    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        TestNode first = cluster.start("server1");
        first.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        first.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"echo\", \"urlPath\": \"/warm/echo\", \"service\": \"fixtures.echo\"}");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aWarmingNodeSaysSoOnItsHealthCheckServesChannelsAndIsHealthyOnceWarm() {
        TestNode node = cluster.start("server2", Map.of("node.warmUp", "3s"));

        TestNode.Reply warming = node.call("GET", "/conduit/ping", null);
        assertThat(warming.status()).isEqualTo(503);
        assertThat(warming.json().path("status").asText()).isEqualTo("warming up");
        TestNode.Reply served = node.call("POST", "/warm/echo", "{\"a\": 1}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> node.call("GET", "/conduit/ping", null).status() == 200);
        assertThat(node.call("GET", "/conduit/ping", null).json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void theWarmUpTokenIsNoWayInForCallers() {
        TestNode node = cluster.start("server3", Map.of("node.warmUp", "2s"));

        TestNode.Reply guessed = node.call("POST", "/conduit-warm-up", "{}", "X-Conduit-Warm-Up", "guess");

        assertThat(guessed.status()).isEqualTo(404);
        assertThat(guessed.json().path("error").asText()).contains("no channel serves /conduit-warm-up");
    }
}
