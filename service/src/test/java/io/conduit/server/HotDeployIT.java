package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hot deployment through the pickup-dir and the admin API, on one real node. */
class HotDeployIT {

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
    void aJavaFileDroppedIntoThePickupDirServesOnItsChannel() {
        Fixtures.drop(node.pickupDir(), "EchoA.java", Fixtures.service("Echo", "EchoA"));
        awaitServing("fixtures.echo-a", 1);
        createChannel("echo-a", "/it/echo-a", "fixtures.echo-a");

        Reply reply = node.call("POST", "/it/echo-a", "{\"customer\": 123}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/echo/customer").asInt()).isEqualTo(123);
        assertThat(reply.header("X-Conduit-CID")).isEqualTo(reply.json().path("cid").asText()).hasSize(32);
        assertThat(node.pickupDir().resolve("processed/EchoA.java")).exists();
        assertThat(node.pickupDir().resolve("EchoA.java")).doesNotExist();
    }

    @Test
    void aFileThatDoesNotCompileLeavesTheOldVersionServingAndReportsTheCompilerError() {
        Fixtures.drop(node.pickupDir(), "EchoB.java", Fixtures.service("Echo", "EchoB"));
        awaitServing("fixtures.echo-b", 1);
        createChannel("echo-b", "/it/echo-b", "fixtures.echo-b");

        String broken = Fixtures.service("Echo", "EchoB").replace("out.put(\"version\", 1);", "out.put(\"version\", 2)");
        Fixtures.drop(node.pickupDir(), "EchoB.java", broken);

        Path error = node.pickupDir().resolve("failed/EchoB.java.error.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error));
        assertThat(error).content().contains("EchoB.java:14:").contains("';' expected");
        assertThat(node.pickupDir().resolve("failed/EchoB.java")).exists();
        JsonNode status = deployment("fixtures/EchoB.java").path("nodes").get(0);
        assertThat(status.path("node").asText()).isEqualTo("server1");
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("version").asInt()).isEqualTo(1);
        assertThat(status.path("error").asText()).contains("';' expected");
        assertThat(node.call("POST", "/it/echo-b", "{}").json().path("version").asInt()).isEqualTo(1);

        Fixtures.drop(node.pickupDir(), "EchoB.java", Fixtures.service("Echo", "EchoB")
                .replace("out.put(\"version\", 1);", "out.put(\"version\", 2);"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                node.call("POST", "/it/echo-b", "{}").json().path("version").asInt() == 2);
        assertThat(deployment("fixtures/EchoB.java").path("nodes").get(0).path("status").asText())
                .isEqualTo("deployed");
    }

    @Test
    void theAdminApiDeploysSourceAndAnswersCompileErrorsWithDiagnostics() {
        Reply bad = node.admin("POST", "/conduit/admin/services?name=EchoC.java",
                Fixtures.service("Echo", "EchoC").replace("cid()", "cidd()"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).isEqualTo("fixtures/EchoC.java does not compile (1 error)");
        assertThat(bad.json().at("/diagnostics/0/line").asInt()).isEqualTo(13);
        assertThat(bad.json().at("/diagnostics/0/message").asText()).contains("cannot find symbol");

        Reply good = node.admin("POST", "/conduit/admin/services", Fixtures.service("Echo", "EchoC"));
        assertThat(good.status()).isEqualTo(201);
        assertThat(good.json().path("services").get(0).asText()).isEqualTo("fixtures.echo-c");
        Reply invoked = node.admin("POST", "/conduit/admin/invoke/fixtures.echo-c", "{\"x\": \"y\"}");
        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.json().at("/echo/x").asText()).isEqualTo("y");

        Reply again = node.admin("POST", "/conduit/admin/services", Fixtures.service("Echo", "EchoC"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();
        assertThat(again.json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aJarIsLoadedAndItsServicesServe() throws IOException {
        byte[] jar = TestJars.compile("jarred.Greeter", """
                package jarred;
                public class Greeter extends io.conduit.api.Service {
                    public void handle() {
                        response().setPayload(java.util.Map.of("hello", request().payload().path("name").asText()));
                    }
                }
                """);
        Fixtures.drop(node.pickupDir(), "greeter.jar", jar);
        awaitServing("jarred.greeter", 1);

        Reply reply = node.admin("POST", "/conduit/admin/invoke/jarred.greeter", "{\"name\": \"Sean\"}");
        assertThat(reply.json().path("hello").asText()).isEqualTo("Sean");
        assertThat(node.pickupDir().resolve("processed/greeter.jar")).exists();
    }

    @Test
    void servicesInvokeEachOtherWithTheSameCidAndInTheBackgroundWithANewOne() {
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        Reply deployed = node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Caller.java"));
        assertThat(deployed.json().path("services").get(0).asText()).isEqualTo("fixtures.the-caller");

        Reply reply = node.admin("POST", "/conduit/admin/invoke/fixtures.the-caller", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/inner/echo/from").asText()).isEqualTo("caller");
        assertThat(reply.json().path("sameCid").asBoolean()).isTrue();
        assertThat(reply.json().path("asyncCid").asText()).hasSize(32).isNotEqualTo(reply.header("X-Conduit-CID"));
    }

    @Test
    void undeployingAServiceStopsItOnTheNode() {
        node.admin("POST", "/conduit/admin/services", Fixtures.service("Echo", "EchoD"));
        assertThat(node.admin("POST", "/conduit/admin/invoke/fixtures.echo-d", "{}").status()).isEqualTo(200);

        Reply undeployed = node.admin("DELETE", "/conduit/admin/services/fixtures.echo-d", null);

        assertThat(undeployed.status()).isEqualTo(200);
        assertThat(undeployed.json().path("deployment").asText()).isEqualTo("fixtures/EchoD.java");
        Reply gone = node.admin("POST", "/conduit/admin/invoke/fixtures.echo-d", "{}");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error").asText()).isEqualTo("service 'fixtures.echo-d' is not deployed");
    }

    @Test
    void aHalfWrittenFileIsNotPickedUp() throws Exception {
        String source = Fixtures.service("Echo", "EchoE");
        Path file = node.pickupDir().resolve("EchoE.java");
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            // Written slowly, in pieces, for longer than the settle time; each piece alone does not compile.
            for (int i = 0; i < bytes.length; i += bytes.length / 10 + 1) {
                out.write(bytes, i, Math.min(bytes.length / 10 + 1, bytes.length - i));
                out.flush();
                LockSupport.parkNanos(Duration.ofMillis(60).toNanos());
            }
        }
        awaitServing("fixtures.echo-e", 1);
        assertThat(node.pickupDir().resolve("failed/EchoE.java")).doesNotExist();
    }

    private static void createChannel(String name, String path, String service) {
        Reply created = node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"" + name + "\", \"urlPath\": \"" + path + "\", \"service\": \"" + service + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void awaitServing(String service, int version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply reply = node.admin("GET", "/conduit/admin/services/" + service, null);
            return reply.status() == 200 && reply.json().path("version").asInt() == version
                    && reply.json().path("nodes").findValuesAsText("status").contains("deployed");
        });
    }

    private static JsonNode deployment(String name) {
        for (JsonNode d : node.admin("GET", "/conduit/admin/deployments", null).json()) {
            if (d.path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no deployment " + name);
    }
}
