package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users with roles on a real node: every admin endpoint holds each role to its rule, passwords are
 * kept only as hashes, developers stay within their scope, operators operate without configuring.
 */
class UsersIT {

    private static final String PASSWORD = "correct horse battery";

    /**
     * What each endpoint asks, written here independently of the server's own table: a new endpoint
     * fails {@link #everyEndpointHasTheRuleThisTableSays} until a row is added for it.
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        open("GET /conduit/ping");
        open("GET /conduit/live");
        row("GET /conduit/openapi.json", "read");
        row("GET /conduit/openapi.yaml", "read");
        row("GET /conduit/admin/whoami", "read");
        row("GET /conduit/admin/access", "read");
        row("GET /conduit/admin/audit", "read");
        row("GET /conduit/admin/cluster/nodes", "read");
        row("GET /conduit/admin/prometheus/targets", "read");
        row("GET /conduit/admin/config", "read");
        row("GET /conduit/admin/config/schema", "read");
        row("GET /conduit/admin/releases", "read");
        row("GET /conduit/admin/releases/{number}", "read");
        row("POST /conduit/admin/releases", "configure:resource");
        row("POST /conduit/admin/releases/{number}/rollback", "admin");
        row("GET /conduit/admin/services", "read");
        row("GET /conduit/admin/services/{name}", "read");
        row("GET /conduit/admin/services/{name}/schema", "read");
        row("GET /conduit/admin/deployments", "read");
        row("POST /conduit/admin/services", "configure:resource");
        row("DELETE /conduit/admin/services/{name}", "configure:resource");
        row("POST /conduit/admin/invoke/{service}", "configure:service");
        row("GET /conduit/admin/calls", "read");
        row("GET /conduit/admin/calls/{cid}", "read");
        row("POST /conduit/admin/calls/{cid}/replay", "operate");
        row("GET /conduit/admin/async/dead-letters", "read");
        row("POST /conduit/admin/async/dead-letters/{id}/replay", "operate");
        row("DELETE /conduit/admin/async/dead-letters/{id}", "operate");
        row("GET /conduit/admin/kvdb/commands", "read");
        row("POST /conduit/admin/kvdb/commands", "admin");
        row("GET /conduit/admin/secrets", "read");
        row("POST /conduit/admin/secrets/reseal", "admin");
        for (String kind : List.of("security", "channels/http", "channels/amqp", "channels/kafka", "channels/file",
                "channels/imap", "outgoing/http", "outgoing/zmq", "outgoing/sql", "outgoing/amqp", "outgoing/kafka",
                "outgoing/files", "outgoing/smtp", "scheduler/jobs")) {
            String path = "/conduit/admin/" + kind;
            row("GET " + path, "read");
            row("GET " + path + "/{name}", "read");
            row("POST " + path, "configure:resource");
            row("PUT " + path + "/{name}", "configure:name");
            row("DELETE " + path + "/{name}", "configure:name");
        }
        for (String action : List.of("POST outgoing/http/{name}/ping", "GET outgoing/http/{name}/health",
                "POST outgoing/sql/{name}/ping", "POST outgoing/amqp/{name}/ping", "POST outgoing/kafka/{name}/ping",
                "POST outgoing/files/{name}/ping", "POST outgoing/smtp/{name}/ping",
                "GET channels/imap/{name}/consumers",
                "GET channels/amqp/{name}/consumers", "GET channels/kafka/{name}/consumers",
                "GET channels/file/{name}/consumers", "GET channels/file/{name}/history",
                "POST channels/file/{name}/history/{id}/rerun",
                "POST scheduler/jobs/{name}/run", "POST scheduler/jobs/{name}/pause", "POST scheduler/jobs/{name}/resume",
                "GET scheduler/jobs/{name}/history")) {
            String[] parts = action.split(" ");
            row(parts[0] + " /conduit/admin/" + parts[1], parts[0].equals("GET") ? "read" : "operate:name");
        }
        for (String endpoint : List.of("GET /conduit/admin/users", "GET /conduit/admin/users/{name}",
                "POST /conduit/admin/users", "PUT /conduit/admin/users/{name}", "DELETE /conduit/admin/users/{name}")) {
            row(endpoint, "admin");
        }
    }

    private static TestCluster cluster;
    private static TestNode node;

    private static void row(String endpoint, String rule) {
        EXPECTED.put(endpoint, rule);
    }

    private static void open(String endpoint) {
        EXPECTED.put(endpoint, "open");
    }

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        createUser("vera", "{\"role\": \"viewer\"}");
        createUser("otto", "{\"role\": \"operator\"}");
        createUser("dora", "{\"role\": \"developer\", \"scope\": \"fixtures.*\"}");
        createUser("nemo", null);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void createUser(String name, String grant) {
        Reply created = node.admin("POST", "/conduit/admin/users", "{\"name\": \"" + name + "\", \"password\": \""
                + PASSWORD + "\", \"roles\": [" + (grant == null ? "" : grant) + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static Reply as(String user, String method, String path, String body) {
        return node.call(method, path, body, "Authorization", TestNode.basic(user, PASSWORD), "Content-Type",
                "application/json");
    }

    @Test
    void everyEndpointHasTheRuleThisTableSays() {
        JsonNode access = node.admin("GET", "/conduit/admin/access", null).json();
        Map<String, String> served = new LinkedHashMap<>();
        for (JsonNode e : access) {
            assertThat(e.path("ruled").asBoolean()).as("an endpoint without an access rule: " + e).isTrue();
            String permission = e.path("permission").isNull() ? "open" : e.path("permission").asText();
            served.put(e.path("endpoint").asText(), e.path("scopedBy").isNull() ? permission
                    : permission + ":" + e.path("scopedBy").asText());
        }
        assertThat(new TreeSet<>(served.keySet())).as("every endpoint served has a row in this test's table, and"
                + " every row is served").isEqualTo(new TreeSet<>(EXPECTED.keySet()));
        EXPECTED.forEach((endpoint, rule) -> assertThat(served.get(endpoint)).as(endpoint).isEqualTo(rule));
    }

    @Test
    void eachRoleIsHeldToEachEndpointsRule() {
        List<String> wrong = new ArrayList<>();
        EXPECTED.forEach((endpoint, rule) -> {
            if (rule.equals("open")) {
                return;
            }
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            for (String name : List.of("fixtures.x", "elsewhere")) {
                String path = endpoint.substring(endpoint.indexOf(' ') + 1).replace("{name}", name)
                        .replace("{service}", name).replace("{number}", "999999").replace("{cid}", "0".repeat(32))
                        .replace("{id}", "x");
                // a body only where the endpoint reads one (an unread body may cost the connection, as anywhere)
                boolean reads = method.equals("PUT") || method.equals("POST") && (rule.startsWith("configure")
                        || rule.equals("admin") && !path.contains("rollback") && !path.contains("reseal"));
                String body = reads ? "{\"name\": \"" + name + "\"}" : null;
                for (String user : List.of("vera", "otto", "dora", "nemo")) {
                    boolean allowed = allowed(user, endpoint, rule, name);
                    Reply reply = as(user, method, path, body);
                    if (reply.status() == 401 || (reply.status() == 403) == allowed) {
                        wrong.add(user + " " + method + " " + path + ": " + reply.status() + " (rule " + rule + ") "
                                + reply.body());
                    }
                    if (reply.status() == 403 && !reply.json().path("error").asText().contains("needs")) {
                        wrong.add(user + " " + method + " " + path + ": a 403 that does not say what is needed: "
                                + reply.body());
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    /** What the role documentation says, for the four users made at the start. */
    private static boolean allowed(String user, String endpoint, String rule, String name) {
        String permission = rule.contains(":") ? rule.substring(0, rule.indexOf(':')) : rule;
        // the names an apply or a deploy holds are not in this test's bodies: those are tested below
        boolean scoped = rule.contains(":") && !endpoint.equals("POST /conduit/admin/releases")
                && !endpoint.equals("POST /conduit/admin/services");
        return switch (user) {
            case "vera" -> permission.equals("read");
            case "otto" -> permission.equals("read") || permission.equals("operate");
            case "dora" -> permission.equals("read") || permission.equals("configure")
                    && (!scoped || name.startsWith("fixtures."));
            default -> false;
        };
    }

    @Test
    void passwordsAreKeptOnlyAsHashesAndSendingTheSameOneAgainChangesNothing() {
        JsonNode view = node.admin("GET", "/conduit/admin/users/vera", null).json();
        assertThat(view.has("password")).isFalse();
        assertThat(view.path("passwordSet").asBoolean()).isTrue();
        assertThat(view.toString()).doesNotContain(PASSWORD).doesNotContain("pbkdf2");
        long before = node.admin("GET", "/conduit/admin/releases", null).json().get(0).path("number").asLong();
        Reply same = node.admin("PUT", "/conduit/admin/users/vera", "{\"password\": \"" + PASSWORD + "\", \"roles\":"
                + " [{\"role\": \"viewer\"}]}");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(node.admin("GET", "/conduit/admin/releases", null).json().get(0).path("number").asLong())
                .as("the same password again makes no release").isEqualTo(before);
        for (String place : List.of("/conduit/admin/config", "/conduit/admin/releases", "/conduit/admin/audit")) {
            assertThat(node.admin("GET", place, null).body()).as(place).doesNotContain(PASSWORD).doesNotContain("pbkdf2");
        }
        Reply weak = node.admin("POST", "/conduit/admin/users", "{\"name\": \"weak\", \"password\": \"short\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("at least 12 characters").doesNotContain("short\"");
    }

    @Test
    void aChangedPasswordTakesEffectAndTheOldOneIsRefused() {
        createUser("paula", "{\"role\": \"viewer\"}");
        assertThat(as("paula", "GET", "/conduit/admin/whoami", null).status()).isEqualTo(200);
        assertThat(node.admin("PUT", "/conduit/admin/users/paula", "{\"password\": \"a new long password\","
                + " \"roles\": [{\"role\": \"viewer\"}]}").status()).isEqualTo(200);
        assertThat(as("paula", "GET", "/conduit/admin/whoami", null).status()).isEqualTo(401);
        assertThat(node.call("GET", "/conduit/admin/whoami", null, "Authorization",
                TestNode.basic("paula", "a new long password")).status()).isEqualTo(200);
        assertThat(node.admin("DELETE", "/conduit/admin/users/paula", null).status()).isEqualTo(204);
        assertThat(node.call("GET", "/conduit/admin/whoami", null, "Authorization",
                TestNode.basic("paula", "a new long password")).status()).isEqualTo(401);
    }

    @Test
    void whoamiSaysTheRolesAndWhatTheyAllow() {
        JsonNode dora = as("dora", "GET", "/conduit/admin/whoami", null).json();
        assertThat(dora.path("name").asText()).isEqualTo("dora");
        assertThat(dora.at("/roles/0/scope").asText()).isEqualTo("fixtures.*");
        assertThat(dora.at("/may/configure").asBoolean()).isTrue();
        assertThat(dora.at("/may/operate").asBoolean()).isFalse();
        JsonNode admin = node.admin("GET", "/conduit/admin/whoami", null).json();
        assertThat(admin.at("/may/admin").asBoolean()).isTrue();
        JsonNode nemo = as("nemo", "GET", "/conduit/admin/whoami", null).json();
        assertThat(nemo.at("/may/read").asBoolean()).isFalse();
        assertThat(as("vera", "HEAD", "/conduit/admin/services", null).status()).as("HEAD, held to GET's rule")
                .isEqualTo(200);
        assertThat(as("nemo", "HEAD", "/conduit/admin/services", null).status()).isEqualTo(403);
    }

    @Test
    void aDeveloperDeploysAndConfiguresOnlyWithinItsScope() {
        Reply deployed = node.call("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"),
                "Authorization", TestNode.basic("dora", PASSWORD));
        assertThat(deployed.status()).as(deployed.body()).isIn(200, 201);
        Reply outside = node.call("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java").replace("package fixtures;", "package elsewhere;"),
                "Authorization", TestNode.basic("dora", PASSWORD));
        assertThat(outside.status()).as(outside.body()).isEqualTo(403);
        assertThat(outside.json().path("error").asText()).contains("dora").contains("developer");
        Reply mine = as("dora", "POST", "/conduit/admin/outgoing/http", "{\"name\": \"fixtures.crm\", \"address\":"
                + " \"http://127.0.0.1:9\"}");
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        Reply renamed = as("dora", "PUT", "/conduit/admin/outgoing/http/fixtures.crm", "{\"name\": \"crm\", \"address\":"
                + " \"http://127.0.0.1:9\"}");
        assertThat(renamed.status()).as("renaming out of the scope: " + renamed.body()).isEqualTo(403);
        Reply applied = as("dora", "POST", "/conduit/admin/releases", "{\"config\": {\"outgoing-http\": [{\"name\":"
                + " \"fixtures.erp\", \"address\": \"http://127.0.0.1:9\"}, {\"name\": \"erp\", \"address\": \"http://127.0.0.1:9\"}]}}");
        assertThat(applied.status()).as(applied.body()).isEqualTo(403);
        assertThat(applied.json().path("on").asText()).isEqualTo("erp");
        assertThat(node.admin("GET", "/conduit/admin/outgoing/http/fixtures.erp", null).status())
                .as("nothing of a refused apply is made").isEqualTo(404);
        Reply inScope = as("dora", "POST", "/conduit/admin/releases", "{\"config\": {\"outgoing-http\": [{\"name\":"
                + " \"fixtures.erp\", \"address\": \"http://127.0.0.1:9\"}]}}");
        assertThat(inScope.status()).as(inScope.body()).isEqualTo(200);
        JsonNode audit = node.admin("GET", "/conduit/admin/audit?limit=100", null).json();
        assertThat(audit.toString()).as("refusals are in the audit trail").contains("\"by\":\"dora\"").contains("403");
    }

    @Test
    void anOperatorPausesAndRunsJobsButCannotChangeThem() {
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        Reply job = node.admin("POST", "/conduit/admin/scheduler/jobs", "{\"name\": \"nightly\", \"service\":"
                + " \"fixtures.echo\", \"type\": \"interval\", \"every\": \"1h\"}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Reply paused = as("otto", "POST", "/conduit/admin/scheduler/jobs/nightly/pause", "");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(node.admin("GET", "/conduit/admin/scheduler/jobs/nightly", null).json().path("active").asBoolean())
                .isFalse();
        assertThat(as("otto", "POST", "/conduit/admin/scheduler/jobs/nightly/resume", "").status()).isEqualTo(200);
        assertThat(node.admin("GET", "/conduit/admin/scheduler/jobs/nightly", null).json().path("active").asBoolean())
                .isTrue();
        assertThat(as("otto", "PUT", "/conduit/admin/scheduler/jobs/nightly", "{\"service\": \"fixtures.echo\","
                + " \"type\": \"interval\", \"every\": \"1m\"}").status()).isEqualTo(403);
        assertThat(as("vera", "POST", "/conduit/admin/scheduler/jobs/nightly/pause", "").status()).isEqualTo(403);
    }

    @Test
    void theClustersAdminNameCannotBeTakenByAUser() {
        assertThat(node.admin("POST", "/conduit/admin/users", "{\"name\": \"admin\", \"password\": \"" + PASSWORD
                + "\", \"roles\": [{\"role\": \"viewer\"}]}").status()).isEqualTo(201);
        assertThat(as("admin", "GET", "/conduit/admin/whoami", null).status()).isEqualTo(401);
        assertThat(node.admin("GET", "/conduit/admin/whoami", null).json().at("/may/admin").asBoolean()).isTrue();
        node.admin("DELETE", "/conduit/admin/users/admin", null);
    }
}
