package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.testing.LoadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git workflow, as a team runs it with {@code bin/conduit}: export a cluster, diff, edit, apply
 * (under load, through HAProxy on two nodes), list the releases, roll back; the export applied to the
 * cluster emptied by a pruning apply exports byte for byte the same; mistakes are refused at their file
 * and line. (SharedOdbClusterIT applies an export to a second, empty cluster on H2 and on PostgreSQL.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigAsCodeIT {

    private static final int STREAMS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Cluster cluster;

    @TempDir
    static Path temp;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2);
        cluster.setUpTutorial();
        Cluster.Reply partner = cluster.admin("POST", "/conduit/admin/security", "{\"name\": \"partner\", \"type\":"
                + " \"basic\", \"username\": \"acme\", \"password\": \"pa55-w0rd\"}");
        assertThat(partner.status()).as(partner.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anExportIsADirectoryOfYamlPerKindWithTheServicesAndNoSecret() throws Exception {
        Path out = temp.resolve("first");
        Cluster.Result export = cluster.conduit("export", cluster.dir.toString(), out.toString());
        assertThat(export.exit()).as(export.output()).isZero();
        assertThat(files(out).keySet()).contains("channels-http.yaml", "outgoing-http.yaml", "outgoing-zmq.yaml",
                "security.yaml", "schema.json", "services/tutorial/GetClientDetails.java");
        assertThat(files(out).get("channels-http.yaml")).startsWith(
                "# yaml-language-server: $schema=schema.json#/$defs/channels-http-file\n- name: tutorial-first-service\n");
        assertThat(files(out).get("security.yaml")).contains("password: \"${SECURITY_PARTNER_PASSWORD}\"")
                .doesNotContain("pa55-w0rd");
        assertThat(String.join("", files(out).values())).doesNotContain("pa55-w0rd");
        JsonNode schema = JSON.readTree(files(out).get("schema.json"));
        assertThat(schema.at("/$defs/channels-http/properties/urlPath/type").asText()).isEqualTo("string");

        Cluster.Result diff = conduitWith(Map.of("SECURITY_PARTNER_PASSWORD", "pa55-w0rd"), "diff",
                cluster.dir.toString(), out.toString());
        assertThat(diff.exit()).as(diff.output()).isZero();
        assertThat(diff.output()).contains("No differences.");

        Cluster.Result check = conduitWith(Map.of("SECURITY_PARTNER_PASSWORD", "x"), "check", out.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains(": OK (a config directory of ").contains("every object against schema.json");
        Cluster.Result checkCluster = cluster.conduit("check", cluster.dir.toString());
        assertThat(checkCluster.exit()).as(checkCluster.output()).isZero();
        assertThat(checkCluster.output()).contains("HAProxy's configuration (haproxy -c)");
    }

    @Test
    @Order(2)
    void anEditIsDiffedFieldByFieldAppliedUnderLoadWithoutAFailureAndListed() throws Exception {
        Path out = temp.resolve("edited");
        assertThat(cluster.conduit("export", cluster.dir.toString(), out.toString()).exit()).isZero();
        Path channels = out.resolve("channels-http.yaml");
        StringBuilder more = new StringBuilder(Files.readString(channels));
        for (int i = 0; i < 30; i++) {
            more.append("- name: extra-").append(i).append("\n  urlPath: /extra/").append(i)
                    .append("\n  service: tutorial.get-client-details\n");
        }
        Files.writeString(channels, more.toString());
        Path http = out.resolve("outgoing-http.yaml");
        Files.writeString(http, Files.readString(http).replace("timeoutMs: 5000", "timeoutMs: 4000"));
        Map<String, String> password = Map.of("SECURITY_PARTNER_PASSWORD", "n3w-pa55");

        Cluster.Result diff = conduitWith(password, "diff", cluster.dir.toString(), out.toString());
        assertThat(diff.exit()).as(diff.output()).isEqualTo(3);
        assertThat(diff.output()).contains("+ channels-http 'extra-0' (new)", "~ outgoing-http 'CRM'",
                "    timeoutMs: 5000 -> 4000", "~ security 'partner'", "    password: (secret) -> (secret)")
                .doesNotContain("n3w-pa55", "pa55-w0rd");
        long before = newestRelease();

        LoadGenerator load = LoadGenerator.start("Apply of a config directory", STREAMS,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}"),
                r -> r.status() == 200 && r.body().contains("\"last_name\":\"O'Brien\""));
        load.awaitMoreOk(100, Duration.ofSeconds(60));
        Cluster.Result apply = conduitWith(password, "apply", cluster.dir.toString(), out.toString());
        load.awaitMoreOk(200, Duration.ofSeconds(60));
        LoadGenerator.Summary summary = load.stop().record();
        assertThat(apply.exit()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("Release " + (before + 1) + " made: 33 objects changed.");
        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cluster.admin("GET",
                "/conduit/admin/cluster/nodes", null).json().findValuesAsText("configVersion"))
                .containsOnly(String.valueOf(before + 1)).hasSize(2));
        for (int i = 0; i < 4; i++) {
            assertThat(cluster.http("POST", cluster.frontend() + "/extra/29", "{\"cust_id\":1, \"cust_type\":\"X\"}",
                    null, null, "application/json").status()).isEqualTo(200);
        }
        Cluster.Result again = conduitWith(password, "apply", cluster.dir.toString(), out.toString());
        assertThat(again.output()).as("the same directory twice").contains("Nothing to change");
        assertThat(newestRelease()).isEqualTo(before + 1);

        Cluster.Result releases = cluster.conduit("releases", cluster.dir.toString(), "-o", "json");
        JsonNode listed = JSON.readTree(releases.output());
        assertThat(listed.get(0).path("number").asLong()).isEqualTo(before + 1);
        assertThat(listed.get(0).path("source").asText()).isEqualTo("apply");
        assertThat(listed.get(0).path("by").asText()).isEqualTo("admin");
        assertThat(listed.get(0).path("summary").asText()).isEqualTo("30 added, 3 changed, 0 removed");
        assertThat(cluster.conduit("releases", cluster.dir.toString()).output())
                .contains("RELEASE", (before + 1) + " ", "apply");
    }

    @Test
    @Order(3)
    void aRollbackUnderLoadFailsNoCallAndRestoresAByteIdenticalExport() throws Exception {
        JsonNode listed = JSON.readTree(cluster.conduit("releases", cluster.dir.toString(), "-o", "json").output());
        long target = listed.get(1).path("number").asLong();
        LoadGenerator load = LoadGenerator.start("Rollback of a release", STREAMS,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}"),
                r -> r.status() == 200 && r.body().contains("\"last_name\":\"O'Brien\""));
        load.awaitMoreOk(100, Duration.ofSeconds(60));
        Cluster.Result rollback = cluster.conduit("rollback", cluster.dir.toString(), String.valueOf(target));
        load.awaitMoreOk(200, Duration.ofSeconds(60));
        LoadGenerator.Summary summary = load.stop().record();
        assertThat(rollback.exit()).as(rollback.output()).isZero();
        assertThat(summary.problems()).as("failed and lost requests of %d", summary.sent()).isEmpty();
        assertThat(rollback.output()).contains("- channels-http 'extra-0' (removed)", "back to release " + target);
        assertThat(cluster.http("POST", cluster.frontend() + "/extra/29", "{}", null, null, "application/json").status())
                .isEqualTo(404);
        Path after = temp.resolve("after-rollback");
        assertThat(cluster.conduit("export", cluster.dir.toString(), after.toString()).exit()).isZero();
        assertThat(files(after)).isEqualTo(files(temp.resolve("first")));
    }

    @Test
    @Order(4)
    void anExportAppliedToAnEmptiedClusterExportsTheSameBytes() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Cluster.Result emptied = cluster.conduit("apply", cluster.dir.toString(), empty.toString(), "--prune");
        assertThat(emptied.exit()).as(emptied.output()).isZero();
        assertThat(emptied.output()).contains("- channels-http 'tutorial-first-service' (removed)",
                "- services 'tutorial/GetClientDetails.java' (removed)");
        JsonNode nothing = cluster.admin("GET", "/conduit/admin/config", null).json();
        nothing.path("config").forEach(kind -> assertThat(kind).isEmpty());
        assertThat(nothing.path("services")).isEmpty();
        assertThat(cluster.http("POST", cluster.frontend() + "/tutorial/first-service", "{}", null, null,
                "application/json").status()).isEqualTo(404);

        Map<String, String> password = Map.of("SECURITY_PARTNER_PASSWORD", "pa55-w0rd");
        Cluster.Result apply = conduitWith(password, "apply", cluster.dir.toString(), temp.resolve("first").toString());
        assertThat(apply.exit()).as(apply.output()).isZero();
        Path second = temp.resolve("second");
        assertThat(cluster.conduit("export", cluster.dir.toString(), second.toString()).exit()).isZero();
        assertThat(files(second)).isEqualTo(files(temp.resolve("first")));
        assertThat(cluster.http("POST", cluster.frontend() + "/tutorial/first-service",
                "{\"cust_id\":123, \"cust_type\":\"A\"}", null, null, "application/json").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void mistakesAreRefusedAtTheirFileAndLineAndChangeNothing() throws Exception {
        Path out = temp.resolve("broken");
        assertThat(cluster.conduit("export", cluster.dir.toString(), out.toString()).exit()).isZero();
        Files.writeString(out.resolve("channels-http.yaml"), Files.readString(out.resolve("channels-http.yaml"))
                + "- name: typo\n  urlPth: /typo\n  service: tutorial.get-client-details\n"
                + "- name: dangling\n  urlPath: /dangling\n  service: no.such-service\n  security: ghost\n");
        Cluster.Result check = conduitWith(Map.of("SECURITY_PARTNER_PASSWORD", "x"), "check", out.toString());
        assertThat(check.exit()).as("found without the cluster, by its schema.json").isEqualTo(1);
        assertThat(check.output()).containsPattern("channels-http.yaml:6: .*urlPth");
        long before = newestRelease();
        Cluster.Result apply = cluster.conduit("apply", cluster.dir.toString(), out.toString());
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.output()).contains("security.yaml:5: password: ${SECURITY_PARTNER_PASSWORD} is not set in the"
                + " environment; set it (export SECURITY_PARTNER_PASSWORD=...) and run again");
        Cluster.Result server = conduitWith(Map.of("SECURITY_PARTNER_PASSWORD", "x"), "apply", cluster.dir.toString(),
                out.toString());
        assertThat(server.exit()).isEqualTo(1);
        assertThat(server.output()).contains("3 problems, nothing was changed:",
                "channels-http.yaml:6: urlPth: is not a field of an HTTP channel",
                "channels-http.yaml:11: security: names security definition 'ghost', which does not exist",
                "channels-http.yaml:10: service: names service 'no.such-service', which is not deployed");
        assertThat(newestRelease()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aNewProjectsConfigIsAppliedAsItIsAndItsServiceAnswers() throws Exception {
        Path project = temp.resolve("billing");
        Cluster.Result made = cluster.conduit("new-project", project.toString(), "--group", "com.example", "--name",
                "billing");
        assertThat(made.exit()).as(made.output()).isZero();

        Cluster.Result apply = cluster.conduit("apply", cluster.dir.toString(), project.resolve("config").toString());

        assertThat(apply.exit()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("channels-http 'billing-hello'", "services 'billing/Hello.java'");
        Cluster.Reply hello = cluster.http("POST", cluster.frontend() + "/billing/hello", "{\"name\": \"Ann\"}", null,
                null, "application/json");
        assertThat(hello.status()).as(hello.body()).isEqualTo(200);
        assertThat(hello.json().path("greeting").asText()).isEqualTo("Hello, Ann");
        Cluster.Reply blank = cluster.http("POST", cluster.frontend() + "/billing/hello", "{\"name\": \"\"}", null,
                null, "application/json");
        assertThat(blank.status()).isEqualTo(400);
    }

    private static long newestRelease() {
        return cluster.admin("GET", "/conduit/admin/releases?limit=1", null).json().get(0).path("number").asLong();
    }

    private static Cluster.Result conduitWith(Map<String, String> env, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Cluster.HOME.resolve("bin/conduit").toString()));
        command.addAll(java.util.List.of(args));
        Map<String, String> all = new java.util.HashMap<>(Map.of("CONDUIT_NO_BUILD", "1"));
        all.putAll(env);
        return Cluster.run(command, all);
    }

    /** @return every file under a directory, by relative path, with its text */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }
}
