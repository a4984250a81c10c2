package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.OAuth2Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API accepts an identity provider's bearer tokens (a real one: mock-oauth2-server), each
 * mapped to the cluster's users by subject or group, and refuses any other token saying why.
 */
class SingleSignOnIT {

    private static OAuth2Server provider;
    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() {
        provider = new OAuth2Server().clientClaims("corp", "\"groups\": [\"ops-team\"], \"preferred_username\": \"robot\"")
                .issuer("elsewhere", 3600).start();
        cluster = TestCluster.h2(Map.of("sso.issuer", provider.issuerUrl("corp"), "sso.audience", "corp"));
        node = cluster.start("server1");
        Reply bot = node.admin("POST", "/conduit/admin/users", "{\"name\": \"ci-bot\", \"oidcSubject\": \"deployer\","
                + " \"roles\": [{\"role\": \"developer\", \"scope\": \"fixtures.*\"}]}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        Reply ops = node.admin("POST", "/conduit/admin/users", "{\"name\": \"ops\", \"oidcSubject\": \"group:ops-team\","
                + " \"roles\": [{\"role\": \"operator\"}]}");
        assertThat(ops.status()).as(ops.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        provider.close();
    }

    @Test
    void aTokenIsTheUserOfItsSubjectWithTheRolesOfItsGroupsToo() {
        JsonNode me = bearer(token("corp", "deployer"), "GET", "/conduit/admin/whoami").json();
        assertThat(me.path("name").asText()).isEqualTo("ci-bot");
        assertThat(me.path("roles").toString()).contains("developer").contains("fixtures.*").contains("operator");
        Reply made = node.call("POST", "/conduit/admin/outgoing/http", "{\"name\": \"fixtures.crm\", \"address\":"
                + " \"http://127.0.0.1:9\"}", "Authorization", "Bearer " + token("corp", "deployer"), "Content-Type",
                "application/json");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(node.admin("GET", "/conduit/admin/audit?limit=5", null).body()).contains("\"by\":\"ci-bot\"");
    }

    @Test
    void aTokenOfAGroupOnlyIsThatGroupsUserUnderItsOwnName() {
        JsonNode me = bearer(token("corp", "someone-new"), "GET", "/conduit/admin/whoami").json();
        assertThat(me.path("name").asText()).isEqualTo("robot");
        assertThat(me.path("roles").toString()).contains("operator").doesNotContain("developer");
        assertThat(bearer(token("corp", "someone-new"), "POST", "/conduit/admin/secrets/reseal").status()).isEqualTo(403);
    }

    @Test
    void anyOtherTokenIsRefusedSayingWhy() {
        Reply otherIssuer = bearer(token("elsewhere", "deployer"), "GET", "/conduit/admin/whoami");
        assertThat(otherIssuer.status()).isEqualTo(401);
        assertThat(otherIssuer.json().path("error").asText()).contains("bearer token was refused");
        Reply garbage = bearer("not-a-token", "GET", "/conduit/admin/whoami");
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.json().path("error").asText()).contains("not a JWT");
        String forged = token("corp", "deployer");
        String[] parts = forged.split("\\.");
        Reply tampered = bearer(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse(), "GET",
                "/conduit/admin/whoami");
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(node.call("GET", "/conduit/admin/whoami", null, "Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("ci-bot:anything-at-all".getBytes())).status())
                .as("a user of single sign-on only has no password").isEqualTo(401);
        org.awaitility.Awaitility.await("refused tokens counted in the audit trail").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> node.admin("GET", "/conduit/admin/audit?limit=50", null).body().contains("(bearer token)"));
    }

    private static Reply bearer(String token, String method, String path) {
        return node.call(method, path, method.equals("GET") ? null : "", "Authorization", "Bearer " + token);
    }

    /** @return a client-credentials token of the issuer for that client (its subject) */
    private static String token(String issuer, String client) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    provider.tokenUrl(issuer))).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", TestNode.basic(client, "secret"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=conduit")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return new ObjectMapper().readTree(answer.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
