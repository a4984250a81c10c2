package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.dashboard.DashboardApplication;
import io.conduit.dashboard.DashboardConfiguration;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.testing.PrometheusText;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistics end to end: two nodes record every invocation into a real Redis, the dashboard's API
 * computes the figures from it. Durations are checked within a stated tolerance, counts exactly.
 */
class StatsIT {

    /** How much longer than its sleep a call may take: scheduling, JSON, the channel. */
    private static final double TOLERANCE_MS = 60;

    private static TestCluster cluster;
    private static TestNode node1;
    private static TestNode node2;
    private static DropwizardTestSupport<DashboardConfiguration> dashboard;
    private static final String METRICS_PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.h2(Map.of("stats.flushInterval", "200ms", "stats.slowThresholds.fixtures\\.sleeper", "40ms",
                "metricsUser.password", METRICS_PASSWORD));
        node1 = cluster.start("server1");
        node2 = cluster.start("server2");
        node1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Sleeper.java"));
        node1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Quick.java"));
        node1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Failing.java"));
        node1.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"failing\", \"urlPath\": \"/stats/failing\", \"service\": \"fixtures.failing\"}");
        node1.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"sleep\", \"urlPath\": \"/stats/sleep\", \"service\": \"fixtures.sleeper\"}");
        node1.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"quick\", \"urlPath\": \"/stats/quick\", \"service\": \"fixtures.quick\"}");
        dashboard = new DropwizardTestSupport<>(DashboardApplication.class,
                ResourceHelpers.resourceFilePath("test-dashboard.yml"), "dashboard",
                ConfigOverride.config("dashboard", "redis.url", cluster.redis().url()),
                ConfigOverride.config("dashboard", "redis.password", cluster.redis().password()),
                ConfigOverride.config("dashboard", "admin.password", cluster.password()));
        dashboard.before();
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.after();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theApiShowsWhatTwoNodesServedExactly() {
        long quickBefore = usage("fixtures.quick");
        for (int i = 0; i < 6; i++) {
            TestNode node = i % 2 == 0 ? node1 : node2;
            assertThat(node.call("POST", "/stats/sleep", "{\"ms\": 50}").status()).isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            TestNode node = i % 2 == 0 ? node1 : node2;
            assertThat(node.call("POST", "/stats/quick", "{}").status()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> usage("fixtures.sleeper") == 6
                && usage("fixtures.quick") == quickBefore + 10);
        JsonNode report = api("/api/stats/top?by=mean&n=10&period=last-hour");

        JsonNode sleeper = row(report, "fixtures.sleeper");
        JsonNode quick = row(report, "fixtures.quick");
        long quickCalls = quickBefore + 10;
        long others = usage("fixtures.failing");
        assertThat(report.path("allServicesUsage").asLong()).isEqualTo(6 + quickCalls + others);
        assertThat(report.at("/rows/0/service").asText()).isEqualTo("fixtures.sleeper");
        assertThat(sleeper.path("usage").asLong()).isEqualTo(6);
        assertThat(sleeper.path("usageShare").asDouble()).isCloseTo(100.0 * 6 / (6 + quickCalls + others), within(1e-9));
        assertThat(quick.path("usageShare").asDouble()).isCloseTo(100.0 * quickCalls / (6 + quickCalls + others), within(1e-9));
        double m = sleeper.path("mean").asDouble();
        double q = quick.path("mean").asDouble();
        assertThat(m).isBetween(50.0, 50 + TOLERANCE_MS);
        assertThat(q).isBetween(0.0, TOLERANCE_MS);
        assertThat(sleeper.path("min").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(sleeper.path("p50").asDouble()).isBetween(49.0, 50 + TOLERANCE_MS);
        // the failing calls another test made, if it ran first
        JsonNode failing = row(report, "fixtures.failing");
        double f = failing == null ? 0 : failing.path("mean").asDouble();
        assertThat(sleeper.path("timeShare").asDouble())
                .isCloseTo(100 * 6 * m / (6 * m + quickCalls * q + others * f), within(1e-6));
        assertThat(sleeper.path("timeShare").asDouble() + quick.path("timeShare").asDouble()
                + (failing == null ? 0 : failing.path("timeShare").asDouble())).isCloseTo(100.0, within(1e-9));
        assertThat(report.path("averageMean").asDouble())
                .isCloseTo(failing == null ? (m + q) / 2 : (m + q + f) / 3, within(1e-9));

        JsonNode slow = api("/api/stats/services/fixtures.sleeper/slow");
        assertThat(slow).hasSize(6);
        assertThat(slow.get(0).path("cid").asText()).hasSize(32);
        assertThat(slow.get(0).path("millis").asDouble()).isGreaterThanOrEqualTo(50.0);
    }

    @Test
    void redisAwayForTenSecondsUnderTrafficFailsNoRequestAndLosesNoCount() throws Exception {
        long before = usage("fixtures.quick");
        int sent = 0;
        for (int i = 0; i < 20; i++, sent++) {
            assertThat((i % 2 == 0 ? node1 : node2).call("POST", "/stats/quick", "{}").status()).isEqualTo(200);
        }
        cluster.redis().stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat((sent % 2 == 0 ? node1 : node2).call("POST", "/stats/quick", "{}").status()).isEqualTo(200);
            sent++;
        }
        cluster.redis().start();
        for (int i = 0; i < 20; i++, sent++) {
            assertThat((i % 2 == 0 ? node1 : node2).call("POST", "/stats/quick", "{}").status()).isEqualTo(200);
        }

        long expected = before + sent;
        // untilAsserted: a failure says how many the dashboard counted
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(usage("fixtures.quick"))
                .as("calls counted by the dashboard, %d before the outage", before).isEqualTo(expected));
        assertThat(sent).isGreaterThan(40);
    }

    @Test
    void prometheusOnEveryNodeCountsWhatTheDashboardShowsExactly() {
        for (int i = 0; i < 7; i++) {
            assertThat((i % 2 == 0 ? node1 : node2).call("POST", "/stats/quick", "{}").status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat((i % 2 == 0 ? node1 : node2).call("POST", "/stats/failing", "{}").status()).isEqualTo(500);
        }
        assertThat(node1.call("GET", "/stats/no-such-channel", null).status()).isEqualTo(404);

        // both are fed by the same flush: once the dashboard has the failing calls, the figures stand still
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(usage("fixtures.failing")).as("failing calls the dashboard counted").isEqualTo(3);
            assertThat(usage("fixtures.quick")).as("quick calls: the dashboard against Prometheus")
                    .isEqualTo(prometheus("conduit_service_invocations_total", "service", "fixtures.quick"));
        });
        JsonNode failing = row(api("/api/stats/top?by=usage&n=50&period=last-hour&percentiles=false"), "fixtures.failing");
        assertThat(prometheus("conduit_service_invocations_total", "service", "fixtures.failing", "outcome", "failed"))
                .isEqualTo(failing.path("failures").asLong()).isEqualTo(3);
        assertThat(prometheus("conduit_service_duration_seconds_count", "service", "fixtures.quick"))
                .isEqualTo(usage("fixtures.quick")).isGreaterThanOrEqualTo(7);
        assertThat(prometheus("conduit_service_duration_seconds_bucket", "service", "fixtures.quick", "le", "+Inf"))
                .isEqualTo(usage("fixtures.quick"));
        assertThat(prometheus("conduit_channel_requests_total", "channel", "failing", "status", "500")).isEqualTo(3);
        assertThat(prometheus("conduit_channel_requests_total", "channel", "", "status", "404")).isGreaterThanOrEqualTo(1);
        assertThat(scrape(node1, "metrics", METRICS_PASSWORD).has("jvm_memory_used_bytes")).isTrue();
    }

    @Test
    void theMetricsUserReadsMetricsAndTargetsAndNothingElse() {
        assertThat(node1.adminAs("metrics", METRICS_PASSWORD, "GET", "/conduit/metrics").status()).isEqualTo(200);
        assertThat(node1.adminAs("admin", cluster.password(), "GET", "/conduit/metrics").status()).isEqualTo(200);
        TestNode.Reply anonymous = node1.call("GET", "/conduit/metrics", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").asText()).contains("read-only user metrics");
        assertThat(node1.adminAs("metrics", "wrong", "GET", "/conduit/metrics").status()).isEqualTo(401);
        assertThat(node1.adminAs("metrics", METRICS_PASSWORD, "GET", "/conduit/admin/channels/http").status())
                .isEqualTo(401);

        TestNode.Reply targets = node2.adminAs("metrics", METRICS_PASSWORD, "GET", "/conduit/admin/prometheus/targets");
        assertThat(targets.status()).isEqualTo(200);
        assertThat(targets.json().findValuesAsText("node")).containsExactlyInAnyOrder("server1", "server2");
        assertThat(targets.json().findValues("targets").stream().map(t -> t.get(0).asText()))
                .containsExactlyInAnyOrder("127.0.0.1:" + node1.port(), "127.0.0.1:" + node2.port());
        assertThat(targets.json().get(0).at("/labels/__metrics_path__").asText()).isEqualTo("/conduit/metrics");

        TestNode.Reply openMetrics = TestNode.get("http://127.0.0.1:" + node1.port() + "/conduit/metrics",
                "Authorization", TestNode.basic("metrics", METRICS_PASSWORD),
                "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().get("content-type").get(0)).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    /** @return the sum of the samples of that name and labels over both nodes */
    private static long prometheus(String name, String... labels) {
        return Math.round(scrape(node1, "metrics", METRICS_PASSWORD).sum(name, labels)
                + scrape(node2, "metrics", METRICS_PASSWORD).sum(name, labels));
    }

    private static PrometheusText scrape(TestNode node, String user, String password) {
        TestNode.Reply reply = node.adminAs(user, password, "GET", "/conduit/metrics");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return PrometheusText.parse(reply.body());
    }

    private static long usage(String service) {
        JsonNode row = row(api("/api/stats/top?by=usage&n=50&period=last-hour&percentiles=false"), service);
        return row == null ? 0 : row.path("usage").asLong();
    }

    private static JsonNode row(JsonNode report, String service) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("service").asText().equals(service)) {
                return row;
            }
        }
        return null;
    }

    private static JsonNode api(String path) {
        TestNode.Reply reply = TestNode.get("http://127.0.0.1:" + dashboard.getLocalPort() + path,
                "Authorization", TestNode.basic("admin", cluster.password()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
