package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes sharing one ODB: what is deployed on one serves on the others, and a node started later
 * serves it at once. Run on H2 ({@link H2ClusterIT}) and PostgreSQL ({@link PostgresClusterIT}).
 */
abstract class SharedOdbClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHO = Fixtures.text("services/Echo.java");

    private TestCluster cluster;
    private TestCluster other;

    abstract TestCluster newCluster();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (other != null) {
            other.close();
        }
    }

    /**
     * What one cluster exports applies to an empty one, which then exports the same: objects of every
     * kind, a secret (through its placeholder) and a service.
     */
    @Test
    void anExportAppliedToAnEmptyClusterExportsTheSame() throws Exception {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        first.admin("POST", "/conduit/admin/services", ECHO);
        for (String[] object : new String[][] {
            {"security", "{'name': 'partner', 'type': 'basic', 'username': 'acme', 'password': 'pa55word'}"},
            {"channels/http", "{'name': 'echo', 'urlPath': '/echo/{id}', 'service': 'fixtures.echo', 'method': 'POST',"
                + " 'security': 'partner', 'rateLimit': {'requests': 100, 'per': '1m'}}"},
            {"outgoing/http", "{'name': 'CRM', 'address': 'http://127.0.0.1:18080', 'urlPath': '/crm', 'retries': {'maxAttempts': 4}}"},
            {"outgoing/zmq", "{'name': 'Fraud', 'address': 'tcp://127.0.0.1:35101', 'socketType': 'PUB'}"},
            {"outgoing/sql", "{'name': 'Billing', 'url': 'jdbc:postgresql://127.0.0.1:5432/billing', 'user': 'b', 'password': 's3cret'}"},
            {"outgoing/kafka", "{'name': 'Orders', 'bootstrapServers': '127.0.0.1:9092', 'topic': 'orders', 'compression': 'lz4'}"},
            {"channels/kafka", "{'name': 'orders-in', 'bootstrapServers': '127.0.0.1:9092', 'topics': ['orders', 'returns'],"
                + " 'service': 'fixtures.echo', 'backoff': 250, 'active': false}"},
            {"scheduler/jobs", "{'name': 'tick', 'service': 'fixtures.echo', 'type': 'interval', 'every': '1h', 'active': false,"
                + " 'payload': {'n': 1}}"},
            {"security", "{'name': 'drop-key', 'type': 'ssh-key', 'username': 'conduit', 'privateKey':"
                + " '-----BEGIN OPENSSH PRIVATE KEY-----\\nk3y\\n-----END OPENSSH PRIVATE KEY-----\\n'}"},
            {"channels/file", "{'name': 'partner-drop', 'address': 'sftp://127.0.0.1:2222/upload', 'security': 'drop-key',"
                + " 'hostKey': 'SHA256:" + "x".repeat(43) + "', 'pattern': '*.csv', 'pollEvery': '30s',"
                + " 'service': 'fixtures.echo', 'active': false}"},
            {"outgoing/files", "{'name': 'Partner', 'address': 'file:///var/conduit/out', 'timeoutMs': 5000}"},
            {"outgoing/smtp", "{'name': 'Notify', 'address': 'smtp://127.0.0.1:2525', 'user': 'conduit', 'password': 'm4il',"
                + " 'from': 'conduit@example.com'}"},
            {"channels/imap", "{'name': 'orders-mailbox', 'address': 'imaps://127.0.0.1:993', 'user': 'orders',"
                + " 'password': 'im4p', 'service': 'fixtures.echo', 'after': 'move:Done', 'active': false}"}}) {
            Reply created = first.admin("POST", "/conduit/admin/" + object[0], object[1].replace('\'', '"'));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        JsonNode exported = first.admin("GET", "/conduit/admin/config", null).json();
        assertThat(exported.toString()).doesNotContain("pa55word", "s3cret", "k3y", "m4il", "im4p")
                .contains("${SECURITY_PARTNER_PASSWORD}", "${OUTGOING_SQL_BILLING_PASSWORD}");
        String keyPlaceholder = exported.at("/config/security").findValuesAsText("privateKey").get(0);
        assertThat(keyPlaceholder).startsWith("${SECURITY_DROP_KEY_");

        other = newCluster();
        TestNode second = other.start("server1");
        String config = exported.path("config").toString().replace("${SECURITY_PARTNER_PASSWORD}", "pa55word")
                .replace("${OUTGOING_SQL_BILLING_PASSWORD}", "s3cret")
                .replace("${OUTGOING_SMTP_NOTIFY_PASSWORD}", "m4il").replace("${CHANNELS_IMAP_ORDERS_MAILBOX_PASSWORD}", "im4p")
                .replace(keyPlaceholder, "-----BEGIN OPENSSH PRIVATE KEY-----\\nk3y\\n-----END OPENSSH PRIVATE KEY-----\\n");
        Reply applied = apply(second, release(second), config, exported.path("services").toString(), false, false);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().path("changes").size()).isEqualTo(14);

        JsonNode again = second.admin("GET", "/conduit/admin/config", null).json();
        assertThat(again.path("config")).isEqualTo(exported.path("config"));
        assertThat(again.path("services")).isEqualTo(exported.path("services"));
        await().atMost(Duration.ofSeconds(20)).until(() -> second.call("POST", "/echo/7", "{}", "Authorization",
                TestNode.basic("acme", "pa55word")).status() == 200);
        long release = release(second);
        Reply twice = apply(second, release, config, exported.path("services").toString(), false, false);
        assertThat(twice.json().path("release").isNull()).as("the same directory twice makes no second release").isTrue();
        assertThat(twice.json().path("changes").size()).isZero();
        assertThat(release(second)).isEqualTo(release);
    }

    /** A rollback brings back a release's configuration and the service code it ran, in a new release. */
    @Test
    void aRollbackRestoresTheConfigurationAndTheServiceCodeOfARelease() throws Exception {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        TestNode second = cluster.start("server2");
        String channel = "{'channels-http': [{'name': 'echo', 'urlPath': '/v', 'service': 'fixtures.echo'}]}";
        Reply v1 = apply(first, release(first), channel.replace('\'', '"'), services(ECHO), false, false);
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        long good = v1.json().path("release").asLong();
        JsonNode before = first.admin("GET", "/conduit/admin/config", null).json();

        String v2 = ECHO.replace("out.put(\"version\", 1)", "out.put(\"version\", 2)");
        Reply changed = apply(first, good, channel.replace("/v", "/v2").replace('\'', '"'), services(v2), false, false);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        for (TestNode node : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> node.call("POST", "/v2", "{}").json().path("version")
                    .asInt() == 2);
        }

        Reply rollback = first.admin("POST", "/conduit/admin/releases/" + good + "/rollback", "");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat(rollback.json().path("release").asLong()).isGreaterThan(changed.json().path("release").asLong());
        JsonNode after = first.admin("GET", "/conduit/admin/config", null).json();
        assertThat(after.path("config")).isEqualTo(before.path("config"));
        assertThat(after.path("services")).isEqualTo(before.path("services"));
        for (TestNode node : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> node.call("POST", "/v", "{}").json().path("version")
                    .asInt() == 1);
            assertThat(node.call("POST", "/v2", "{}").status()).isEqualTo(404);
        }
        JsonNode listed = first.admin("GET", "/conduit/admin/releases", null).json();
        assertThat(listed.get(0).path("source").asText()).isEqualTo("rollback");
        assertThat(listed.get(0).path("summary").asText()).startsWith("rollback to release " + good);
        JsonNode shown = first.admin("GET", "/conduit/admin/releases/" + rollback.json().path("release").asLong(),
                null).json();
        assertThat(shown.path("changes").toString()).contains("\"kind\":\"services\"", "\"kind\":\"channels-http\"");

        // a change through HAProxy records its caller's address, the first of X-Forwarded-For
        Reply made = first.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"from-haproxy\", \"urlPath\":"
                + " \"/from-haproxy\", \"service\": \"fixtures.echo\"}", "X-Forwarded-For", "203.0.113.7, 10.0.0.1");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(first.admin("GET", "/conduit/admin/releases?limit=1", null).json().get(0).path("from").asText())
                .isEqualTo("203.0.113.7");
    }

    /** Two operators apply from one base: one wins, the other is told which release beat it. */
    @Test
    void twoAppliesFromOneBaseOneWinsAndTheOtherGets409() throws Exception {
        cluster = newCluster();
        TestNode first = cluster.start("server1");
        TestNode second = cluster.start("server2");
        first.admin("POST", "/conduit/admin/services", ECHO);
        long base = release(first);
        List<Reply> replies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread a = new Thread(() -> replies.add(apply(first, base, "{\"channels-http\": [{\"name\": \"a\","
                + " \"urlPath\": \"/a\", \"service\": \"fixtures.echo\"}]}", "{}", false, false)));
        Thread b = new Thread(() -> replies.add(apply(second, base, "{\"channels-http\": [{\"name\": \"b\","
                + " \"urlPath\": \"/b\", \"service\": \"fixtures.echo\"}]}", "{}", false, false)));
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
        Reply lost = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(lost.json().path("error").asText()).startsWith("the configuration changed since release " + base
                + ": release " + (base + 1) + " was made by admin");
        assertThat(release(first)).isEqualTo(base + 1);
    }

    /** Whatever is wrong is said, each naming its object (by place) and field, and nothing changes. */
    @Test
    void aConfigurationWithMistakesIsRefusedWholeAndChangesNothing() {
        cluster = newCluster();
        TestNode node = cluster.start("server1");
        long before = release(node);
        String config = "{'channels-http': [{'name': 'ok', 'urlPath': '/ok', 'service': 'missing.service'},"
                + " {'name': 'typo', 'urlPth': '/x', 'service': 's'}, {'name': 'wrong', 'urlPath': '/w', 'service': 's',"
                + " 'rateLimit': {'requests': 'many', 'per': '1s'}}, {'name': 'dangling', 'urlPath': '/d', 'service': 's',"
                + " 'security': 'ghost'}], 'channels-smtp': []}";
        Reply refused = apply(node, before, config.replace('\'', '"'), "{}", false, false);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        List<String> problems = new java.util.ArrayList<>();
        refused.json().path("problems").forEach(p -> problems.add(p.path("kind").asText() + "[" + p.path("index").asText()
                + "]." + p.path("field").asText() + ": " + p.path("message").asText()));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("channels-http[1].urlPth: is not a field of an HTTP channel"))
                .anySatisfy(p -> assertThat(p).isEqualTo("channels-http[2].rateLimit.requests: must be a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("channels-smtp[]."))
                .anySatisfy(p -> assertThat(p).isEqualTo("channels-http[].service: names service 'missing.service',"
                        + " which is not deployed (nor among the services to deploy)"))
                .anySatisfy(p -> assertThat(p).isEqualTo("channels-http[].security: names security definition 'ghost',"
                        + " which does not exist; create it first"));
        Reply references = apply(node, before, "{\"channels-http\": [{\"name\": \"ok\", \"urlPath\": \"/ok\","
                + " \"service\": \"missing.service\", \"security\": \"ghost\"}]}", "{}", false, false);
        assertThat(references.status()).isEqualTo(400);
        assertThat(references.json().path("problems").findValuesAsText("message")).containsExactlyInAnyOrder(
                "names security definition 'ghost', which does not exist; create it first",
                "names service 'missing.service', which is not deployed (nor among the services to deploy)");
        assertThat(release(node)).isEqualTo(before);
        assertThat(node.admin("GET", "/conduit/admin/channels/http", null).json().size()).isZero();
    }

    private static long release(TestNode node) {
        return node.admin("GET", "/conduit/admin/config", null).json().path("release").asLong();
    }

    private static String services(String echoSource) {
        return "{\"fixtures/Echo.java\": \"" + java.util.Base64.getEncoder().encodeToString(
                echoSource.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}";
    }

    private static Reply apply(TestNode node, long base, String config, String services, boolean prune, boolean dryRun) {
        return node.admin("POST", "/conduit/admin/releases", "{\"baseRelease\": " + base + ", \"config\": " + config
                + ", \"services\": " + services + ", \"prune\": " + prune + ", \"dryRun\": " + dryRun + "}");
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
