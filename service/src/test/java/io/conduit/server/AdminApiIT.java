package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin surfaces demand the cluster's admin credentials and never give secrets away. */
class AdminApiIT {

    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        node = cluster.start("server1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theAdminApiRefusesMissingAndWrongCredentials() {
        Reply none = node.call("GET", "/conduit/admin/services", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(node.adminAs("admin", "wrong", "GET", "/conduit/admin/channels/http").status()).isEqualTo(401);
        assertThat(node.adminAs("root", cluster.password(), "GET", "/conduit/admin/channels/http").status())
                .isEqualTo(401);
        assertThat(node.admin("GET", "/conduit/admin/channels/http", null).status()).isEqualTo(200);
    }

    @Test
    void aJobRunNowShowsItsLastRunAndNextRunInTheJobsView() {
        Reply deployed = node.admin("POST", "/conduit/admin/services",
                io.conduit.server.testing.Fixtures.text("services/Echo.java"));
        // the deploy's audit entry names the release it made, whose changes say what it deployed
        com.fasterxml.jackson.databind.JsonNode audit = node.admin("GET", "/conduit/admin/audit?limit=50", null).json();
        com.fasterxml.jackson.databind.JsonNode entry = null;
        for (com.fasterxml.jackson.databind.JsonNode e : audit) {
            if (e.path("cid").asText().equals(deployed.header("X-Conduit-CID"))) {
                entry = e;
            }
        }
        assertThat(entry).as(audit.toString()).isNotNull();
        assertThat(entry.path("action").asText()).isEqualTo("deploy");
        assertThat(entry.path("by").asText()).isEqualTo("admin");
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        assertThat(entry.path("release").asLong()).as(entry.toString()).isPositive();
        assertThat(entry.path("changes").toString()).contains("services");
        Reply created = node.admin("POST", "/conduit/admin/scheduler/jobs", "{\"name\": \"hourly\", \"service\":"
                + " \"fixtures.echo\", \"type\": \"interval\", \"every\": \"1h\", \"payload\": {\"n\": 1}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("nextRun").asText()).endsWith(":00:00Z");
        Reply run = node.admin("POST", "/conduit/admin/scheduler/jobs/hourly/run", "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                node.admin("GET", "/conduit/admin/scheduler/jobs", null).json().get(0).path("lastRun").path("outcome")
                        .asText()).isEqualTo("ok"));
        Reply sentBack = node.admin("PUT", "/conduit/admin/scheduler/jobs/hourly",
                node.admin("GET", "/conduit/admin/scheduler/jobs/hourly", null).body().replace("\"active\":true",
                        "\"active\":false"));
        assertThat(sentBack.status()).as("a view sent back, nextRun and lastRun with it: " + sentBack.body()).isEqualTo(200);
        assertThat(sentBack.json().path("active").asBoolean()).isFalse();
    }

    @Test
    void pingNeedsNoCredentialsAndNamesTheNode() {
        Reply ping = node.call("GET", "/conduit/ping", null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.json().path("node").asText()).isEqualTo("server1");
    }

    @Test
    void dropwizardsAdminPortNeedsCredentialsAndReportsTheOdbHealthy() {
        String url = "http://127.0.0.1:" + node.adminPort() + "/healthcheck";
        assertThat(TestNode.get(url).status()).isEqualTo(401);
        Reply health = TestNode.get(url, "Authorization", TestNode.basic("admin", cluster.password()));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/odb/healthy").asBoolean()).isTrue();
    }

    @Test
    void healthCoversRedisAndTheBrokerAndReportsConnectionsWithoutFailing() {
        int closed = io.conduit.testing.FreePorts.next();
        assertThat(node.admin("POST", "/conduit/admin/outgoing/sql", "{\"name\": \"Gone\", \"url\":"
                + " \"jdbc:postgresql://127.0.0.1:" + closed + "/x\", \"user\": \"u\", \"timeoutMs\": 1000}").status())
                .isEqualTo(201);
        String url = "http://127.0.0.1:" + node.adminPort() + "/healthcheck";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Reply health = TestNode.get(url, "Authorization", TestNode.basic("admin", cluster.password()));
            assertThat(health.json().at("/redis/healthy").asBoolean()).as(health.body()).isTrue();
            assertThat(health.json().at("/config-broker/healthy").asBoolean()).as(health.body()).isTrue();
            assertThat(health.json().at("/outgoing-connections/healthy").asBoolean()).isTrue();
            assertThat(health.json().at("/outgoing-connections/sql Gone").asText()).startsWith("unreachable: ")
                    .contains("'Gone'");
            assertThat(health.status()).isEqualTo(200);
        });
        node.admin("DELETE", "/conduit/admin/outgoing/sql/Gone", null);
    }

    @Test
    void livenessNeedsNoCredentials() {
        Reply live = node.call("GET", "/conduit/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("alive");
    }

    @Test
    void securityDefinitionsNeverShowTheirSecrets() {
        Reply created = node.admin("POST", "/conduit/admin/security",
                "{\"name\": \"crm\", \"type\": \"basic\", \"username\": \"u\", \"password\": \"pa55-word-xyz\"}");
        assertThat(created.status()).isEqualTo(201);
        Reply key = node.admin("POST", "/conduit/admin/security",
                "{\"name\": \"app\", \"type\": \"apikey\", \"key\": \"k3y-value-xyz\"}");
        assertThat(key.json().path("header").asText()).isEqualTo("X-API-Key");

        String all = node.admin("GET", "/conduit/admin/security", null).body()
                + created.body() + key.body() + node.admin("GET", "/conduit/admin/security/crm", null).body();
        assertThat(all).doesNotContain("pa55-word-xyz", "k3y-value-xyz").contains("\"username\":\"u\"");
    }

    @Test
    void aBadAdminRequestIsAClearJsonError() {
        Reply bad = node.admin("POST", "/conduit/admin/channels/http", "{\"name\": ");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).startsWith("the request body is not valid JSON");
        assertThat(bad.json().path("cid").asText()).isEqualTo(bad.header("X-Conduit-CID"));

        Reply missing = node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"x\", \"urlPath\": \"/x\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").asText()).isEqualTo("service is required");

        Reply unknown = node.admin("GET", "/conduit/admin/nothing", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isNotBlank();
    }
}
