package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.Await;
import io.conduit.testing.FreePorts;
import io.conduit.testing.OAuth2Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outgoing HTTP connections with an {@code oauth2-client} definition, on two nodes, against a real
 * OAuth2 provider (mock-oauth2-server) and a backend that records every bearer token it is sent and
 * refuses those the test revokes: one token for the whole cluster under load; renewed before it
 * expires, once for the cluster; a refused token replaced once and the call tried once more; a
 * provider that refuses or is down is a 503 naming the definition, never the secret; and a
 * definition only where it can serve.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuth2IT {

    private static final String SECRET = "canary-client-secret-5f1e";

    private static OAuth2Server provider;
    private static TestCluster cluster;
    private static TestNode one;
    private static TestNode two;
    private static Redis redis;
    private static HttpServer backend;
    /** Every Authorization header the backend was sent, in order. */
    private static final List<String> seen = new CopyOnWriteArrayList<>();
    private static final Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws IOException {
        provider = new OAuth2Server().issuer("default", 3600).issuer("short", 4).start();
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                seen.add(authorization);
                boolean refused = revoked.contains(authorization);
                byte[] body = (refused ? "{\"error\": \"invalid_token\"}" : "{\"ok\": true}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(refused ? 401 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(Executors.newFixedThreadPool(8));
        backend.start();
        cluster = TestCluster.h2();
        one = cluster.start("server1");
        two = cluster.start("server2");
        redis = TestRedis.client(cluster.redis());
        Reply deployed = one.admin("POST", "/conduit/admin/services", Fixtures.text("services/Fetch.java"));
        assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        created(one.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"fetch\", \"urlPath\": \"/fetch\", \"service\": \"fixtures.fetch\"}"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesUnderLoadSendTheOneTokenTheClusterFetched() throws Exception {
        definition("crm-oauth", provider.tokenUrl("default"));
        connection("CRM", "crm-oauth");
        awaitBoth("CRM");
        seen.clear();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                TestNode node = i % 2 == 0 ? one : two;
                replies.add(callers.submit(() -> node.call("GET", "/fetch?connection=CRM", null)));
            }
            for (Future<Reply> reply : replies) {
                assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(seen).hasSize(200);
        assertThat(new LinkedHashSet<>(seen)).as("one token for both nodes").hasSize(1);
        assertThat(seen.get(0)).startsWith("Bearer ey");

        String kept = redis.pool().get("conduit:oauth2:token:crm-oauth");
        assertThat(kept).as("the token is kept sealed in Redis").startsWith("enc:v1:")
                .doesNotContain(seen.get(0).substring("Bearer ".length())).doesNotContain(SECRET);
        Reply shown = one.admin("GET", "/conduit/admin/security/crm-oauth", null);
        assertThat(shown.body()).doesNotContain(SECRET);
        assertThat(shown.json().path("clientSecretSet").asBoolean()).as(shown.body()).isTrue();
    }

    @Test
    @Order(2)
    void aTokenIsRenewedBeforeItExpiresOnceForTheCluster() {
        long started = System.nanoTime();  // before the definition: no token of it is older
        definition("short-oauth", provider.tokenUrl("short"));
        connection("Short", "short-oauth");
        awaitBoth("Short");
        seen.clear();
        List<Integer> statuses = new ArrayList<>();
        // tokens of this issuer live 3 s and are renewed 0.6 s before they expire: call until the third one
        Await.until(() -> {
            statuses.add(one.call("GET", "/fetch?connection=Short", null).status());
            statuses.add(two.call("GET", "/fetch?connection=Short", null).status());
            return new LinkedHashSet<>(seen).size() >= 3;
        }, Duration.ofSeconds(30), () -> "tokens seen: " + new LinkedHashSet<>(seen).size());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(statuses).as("no call failed while tokens came and went").containsOnly(200);
        List<String> tokens = new ArrayList<>(new LinkedHashSet<>(seen));
        // one fetch per renewal for the cluster: at most one new token every 2.4 s, not one per node
        assertThat(tokens.size()).as("tokens in " + elapsedMs + " ms").isLessThanOrEqualTo((int) (elapsedMs / 2400) + 1);
    }

    @Test
    @Order(3)
    void aRefusedTokenIsReplacedOnceAndTheCallTriedAgain() {
        seen.clear();
        assertThat(one.call("GET", "/fetch?connection=CRM", null).status()).isEqualTo(200);
        String first = seen.get(0);
        revoked.add(first);

        Reply afterRevocation = one.call("GET", "/fetch?connection=CRM", null);
        assertThat(afterRevocation.status()).as(afterRevocation.body()).isEqualTo(200);
        // the other node still holds the revoked token: refused once, it takes the one server1 fetched
        Reply onTheOtherNode = two.call("GET", "/fetch?connection=CRM", null);
        assertThat(onTheOtherNode.status()).as(onTheOtherNode.body()).isEqualTo(200);
        Set<String> tokens = new LinkedHashSet<>(seen);
        assertThat(tokens).as("one new token for the cluster").hasSize(2);
        String second = new ArrayList<>(tokens).get(1);
        assertThat(seen).endsWith(second);
        assertThat(seen.stream().filter(first::equals).count()).as("each node sent the revoked token once more")
                .isEqualTo(3);
    }

    @Test
    @Order(4)
    void aProviderThatRefusesOrIsDownIsA503NamingTheDefinitionNeverTheSecret() {
        definition("refusing", provider.issuerUrl("default") + "/userinfo");
        connection("Refusing", "refusing");
        Reply refused = awaitStatus(one, "Refusing", 503);
        assertThat(refused.body()).contains("oauth2-client definition 'refusing'").contains("answered 405")
                .doesNotContain(SECRET);

        provider.stop();
        try {
            definition("unreachable", provider.tokenUrl("default"));
            connection("Unreachable", "unreachable");
            Reply down = awaitStatus(two, "Unreachable", 503);
            assertThat(down.body()).contains("oauth2-client definition 'unreachable'").contains("could not be reached")
                    .doesNotContain(SECRET);
            // a token the cluster already holds serves on while the provider is away
            assertThat(one.call("GET", "/fetch?connection=CRM", null).status()).isEqualTo(200);
        } finally {
            provider.start();
        }
    }

    @Test
    @Order(5)
    void aDefinitionServesOnlyWhereItCan() {
        Reply channel = one.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"guarded\", \"urlPath\": \"/guarded\", \"service\": \"fixtures.fetch\", \"security\": \"crm-oauth\"}");
        assertThat(channel.status()).as(channel.body()).isBetween(400, 499);
        assertThat(channel.body()).contains("crm-oauth").contains("a basic, apikey, jwt or mtls definition");

        created(one.admin("POST", "/conduit/admin/security", "{\"type\": \"jwt\", \"name\": \"callers\", \"issuer\":"
                + " \"https://id.example.com\", \"audience\": \"conduit\", \"secret\": \"" + "k".repeat(32) + "\"}"));
        Reply outgoing = one.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"WithJwt\", \"address\": \""
                + backendUrl() + "\", \"security\": \"callers\"}");
        assertThat(outgoing.status()).as(outgoing.body()).isBetween(400, 499);
        assertThat(outgoing.body()).contains("callers").contains("a basic, apikey or oauth2-client definition");

        Reply badUrl = one.admin("POST", "/conduit/admin/security", "{\"type\": \"oauth2-client\", \"name\": \"bad\","
                + " \"tokenUrl\": \"not a url\", \"clientId\": \"c\", \"clientSecret\": \"s\"}");
        assertThat(badUrl.status()).as(badUrl.body()).isBetween(400, 499);
        assertThat(badUrl.body()).contains("tokenUrl");
    }

    private static void definition(String name, String tokenUrl) {
        created(one.admin("POST", "/conduit/admin/security", "{\"type\": \"oauth2-client\", \"name\": \"" + name
                + "\", \"tokenUrl\": \"" + tokenUrl + "\", \"clientId\": \"conduit-" + name + "\", \"clientSecret\": \""
                + SECRET + "\", \"scope\": \"read write\"}"));
    }

    private static void connection(String name, String security) {
        created(one.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"" + name + "\", \"address\": \""
                + backendUrl() + "\", \"urlPath\": \"/crm\", \"method\": \"GET\", \"timeoutMs\": 3000, \"security\": \""
                + security + "\"}"));
    }

    /** Waits until both nodes have the connection (the configuration reaches the second through the broker). */
    private static void awaitBoth(String connection) {
        for (TestNode node : List.of(one, two)) {
            Await.until(() -> node.call("GET", "/fetch?connection=" + connection, null).status() == 200,
                    Duration.ofSeconds(20));
        }
    }

    private static Reply awaitStatus(TestNode node, String connection, int status) {
        return Await.value(() -> {
            Reply r = node.call("GET", "/fetch?connection=" + connection, null);
            return r.status() == status ? r : null;
        }, Duration.ofSeconds(20));
    }

    private static String backendUrl() {
        return "http://127.0.0.1:" + backend.getAddress().getPort();
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }
}
