package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.conduit.common.haproxy.HaproxyConfig;
import io.conduit.common.secrets.SecretKeys;
import io.conduit.common.tls.ClusterCertificates;
import io.conduit.testing.Binaries;
import io.conduit.testing.ExternalProcess;
import io.conduit.testing.LoadGenerator;
import io.conduit.testing.PostgresServer;
import io.conduit.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster on four hosts joined by real links (network namespaces and veth pairs, see {@link Network}):
 * HAProxy, the LB agent and the tutorial's demo backends on {@code lb}; a server node on each of
 * {@code node1} and {@code node2}; Redis and PostgreSQL (the ODB) on {@code data}. Two networks: the
 * front one (lb, the nodes, and the test) and the back one (the nodes, lb's agent, and data), so that
 * a node can lose Redis and PostgreSQL and still be reached by HAProxy. Nothing listens on 127.0.0.1:
 * every part binds and advertises its host's address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {

    private static final Path SERVICES = Path.of("src/test/resources/services/reliability").toAbsolutePath();
    private static final String CALL = "{\"cust_id\":123, \"cust_type\":\"A\"}";
    private static final String EXPECTED = "{\"first_name\":\"Sean\",\"last_name\":\"O'Brien\","
            + "\"last_payment_date\":\"2013-05-14T10:42:14.401555\",\"last_payment_amount\":\"357\"}";
    private static final String REDIS_PASSWORD = UUID.randomUUID().toString();
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final String ADMIN1_PASSWORD = UUID.randomUUID().toString();

    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static Network network;
    private static String front;
    private static Path dir;
    private static String lb;

    @BeforeAll
    static void buildTheNetworkAndStartTheCluster() throws Exception {
        network = new Network();
        STARTED.add(network);
        front = network.network("f", 1);
        network.network("b", 2);
        for (String host : List.of("lb", "node1", "node2", "data")) {
            network.host(host);
        }
        lb = network.link("lb", "f", 2);
        network.link("lb", "b", 3);
        network.link("node1", "f", 11);
        network.link("node1", "b", 11);
        network.link("node2", "f", 12);
        network.link("node2", "b", 12);
        String data = network.link("data", "b", 2);

        dir = Files.createTempDirectory("conduit-hosts-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(dir.resolve("admin.credentials"), "admin:" + ADMIN_PASSWORD + "\n");
        Files.writeString(dir.resolve("secrets.key"), SecretKeys.newKey() + "\n");

        RedisServer redis = new RedisServer(REDIS_PASSWORD, data, 6379, network.on("data"));
        STARTED.add(redis);
        redis.start();
        PostgresServer postgres = new PostgresServer(data, 5432, network.on("data"));
        STARTED.add(postgres);
        postgres.start();

        Map<String, String> cluster = Map.of("CONDUIT_REDIS_URL", redis.url(), "CONDUIT_REDIS_PASSWORD", REDIS_PASSWORD);
        for (int n = 1; n <= 2; n++) {
            startNode(n, cluster, postgres.jdbcUrl());
        }
        startLoadBalancer(cluster);
        for (int n = 1; n <= 2; n++) {
            String node = node(n);
            started("server" + n).awaitReady(() -> answers(() -> Cluster.http("GET", node + "/conduit/ping", null, null,
                    null, null)), Duration.ofSeconds(90));
        }
        started("haproxy").awaitReady(() -> answers(() -> Cluster.http("GET", frontend() + "/haproxy/health", null, null,
                null, null)), Duration.ofSeconds(30));
        started("lb-agent").awaitReady(() -> answers(() -> agent("/lb/status")), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).close();
            } catch (Exception e) {
                // the rest still stops
            }
        }
    }

    @Test
    @Order(1)
    void theAgentAddsEachNodeByTheAddressInItsBeaconAndTheTutorialRunsThroughHaproxyAcrossTheLinks() throws Exception {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status("server1").equals("UP") && status("server2").equals("UP"));
        assertThat(server("server1").path("address").asText()).isEqualTo(front + ".11:17010");
        assertThat(server("server2").path("address").asText()).isEqualTo(front + ".12:17010");

        Cluster.Result setup = Cluster.run(List.of(Cluster.HOME.resolve("bin/conduit").toString(), "apply",
                dir.toString(), "examples/tutorial/config"), Map.of(
                "CONDUIT_NO_BUILD", "1",
                "CONDUIT_URL", frontend(),
                "CRM_ADDRESS", "http://" + lb + ":18080",
                "PAYMENTS_ADDRESS", "http://" + lb + ":18080",
                "FRAUD_ADDRESS", "tcp://" + lb + ":35101"));
        assertThat(setup.exit()).as(setup.output()).isZero();

        JsonNode expected = new ObjectMapper().readTree(EXPECTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> tutorial().status() == 200);
        for (int i = 0; i < 10; i++) {
            Cluster.Reply reply = tutorial();
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json()).isEqualTo(expected);
        }
        assertThat(server("server1").path("totalSessions").asLong()).as("server1 served").isPositive();
        assertThat(server("server2").path("totalSessions").asLong()).as("server2 served").isPositive();
    }

    @Test
    @Order(2)
    void aNodeCutOffFromRedisAndPostgresqlKeepsServingAndCatchesUpOnTheChangesItMissed() {
        deploy(SERVICES.resolve("Echo.java"));
        Cluster.Reply channel = admin(frontend(), "POST", "/conduit/admin/channels/http",
                "{\"name\": \"echo\", \"urlPath\": \"/reliability/echo\", \"service\": \"reliability.echo\"}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
        for (int n = 1; n <= 2; n++) {
            String node = node(n);
            await().atMost(Duration.ofSeconds(20)).until(() -> echo(node).status() == 200);
        }
        LoadGenerator load = LoadGenerator.start("A node's link to Redis and PostgreSQL cut for 15 s (4 hosts):"
                        + " calls through HAProxy", 4,
                LoadGenerator.post(frontend() + "/reliability/echo", "{\"hello\": \"world\"}"),
                r -> r.status() == 200 && r.body().contains("\"hello\":\"world\""));
        load.awaitMoreOk(100, Duration.ofSeconds(60));

        long cutAt = System.currentTimeMillis();
        network.setLink("node1", "b", false);
        Cluster.Reply made = admin(node(2), "POST", "/conduit/admin/channels/http",
                "{\"name\": \"made-during-cut\", \"urlPath\": \"/reliability/made-during-cut\", \"service\": \"reliability.echo\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> call(node(2), "/reliability/made-during-cut").status() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() - cutAt >= 15_000);
        assertThat(echo(node(1)).status()).as("node1 serves what needs neither Redis nor the ODB").isEqualTo(200);
        assertThat(call(node(1), "/reliability/made-during-cut").status()).as("node1 cannot know the change yet")
                .isEqualTo(404);
        assertThat(status("server1")).as("still in HAProxy").isEqualTo("UP");

        network.setLink("node1", "b", true);
        // TCP retransmissions on the connections that outlived the cut back off to seconds apart
        await().atMost(Duration.ofSeconds(60)).until(() -> call(node(1), "/reliability/made-during-cut").status() == 200);
        load.awaitMoreOk(100, Duration.ofSeconds(30));
        LoadGenerator.Summary summary = load.stop().record();

        assertThat(summary.problems()).as("failed and lost calls of %d", summary.sent()).isEmpty();
        assertThat(server("server1").path("totalSessions").asLong()).isPositive();
    }

    private static void startNode(int n, Map<String, String> cluster, String odbUrl) throws Exception {
        String name = "server" + n;
        Path home = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(home.resolve("pickup-dir"));
        Map<String, String> env = new HashMap<>(cluster);
        env.putAll(Map.of("CONDUIT_NODE_NAME", name, "CONDUIT_NODE_HOST", front + "." + (10 + n),
                "CONDUIT_BIND_HOST", front + "." + (10 + n), "CONDUIT_ADMIN_CREDENTIALS", dir.resolve("admin.credentials")
                        .toString(), "CONDUIT_SECRETS_KEY_FILE", dir.resolve("secrets.key").toString(),
                "CONDUIT_ODB_URL", odbUrl, "CONDUIT_ODB_USER", "postgres", "CONDUIT_PICKUP_DIR",
                home.resolve("pickup-dir").toString(), "CONDUIT_LOG_DIR", home.resolve("logs").toString(),
                "CONDUIT_WARM_UP", "1s"));
        start(name, "node" + n, List.of(java(), "-Dconduit.cluster=" + dir, "-jar",
                Cluster.HOME.resolve("service/target/conduit-service.jar").toString(), "server",
                Cluster.HOME.resolve("config.yml").toString()), home, env);
    }

    private static void startLoadBalancer(Map<String, String> cluster) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("load-balancer/config/repo"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("load-balancer/server-state"), "");
        Path tls = dir.resolve("load-balancer/tls");
        ClusterCertificates.ensure(tls, "Conduit cluster CA (multi-host)", List.of(lb), Binaries.require("openssl"));
        new HaproxyConfig(lb, 11223, 11443, 11225, repo, run.resolve("haproxy.sock"),
                dir.resolve("load-balancer/server-state"), tls.resolve(ClusterCertificates.PEM), false)
                .write(Cluster.HOME.resolve("load-balancer/config/repo"), repo, ADMIN1_PASSWORD, List.of());
        Path lbDir = dir.resolve("load-balancer");
        start("haproxy", "lb", List.of(Binaries.require("haproxy").toString(), "-W", "-db", "-S",
                run.resolve("haproxy-master.sock").toString(), "-f", repo.resolve("conduit.config").toString()), lbDir,
                Map.of());
        Map<String, String> env = new HashMap<>(cluster);
        env.putAll(Map.of("CONDUIT_LB_CONFIG_REPO", repo.resolve("conduit.config").toString(),
                "CONDUIT_LB_MASTER_SOCKET", run.resolve("haproxy-master.sock").toString(),
                "CONDUIT_LB_AGENT_BIND_HOST", lb));
        start("lb-agent", "lb", List.of(java(), "-Dconduit.cluster=" + dir, "-jar",
                Cluster.HOME.resolve("load-balancer/target/conduit-load-balancer.jar").toString(), "server",
                Cluster.HOME.resolve("load-balancer/agent.yml").toString()), lbDir, env);
        start("crm-and-payments", "lb", List.of(java(), Cluster.HOME.resolve(
                "examples/tutorial/backends/CrmAndPayments.java").toString(), "18080", lb), lbDir, Map.of());
        start("fraud-detection", "lb", List.of(java(), "-cp", Cluster.HOME.resolve("service/target/conduit-service.jar")
                .toString(), Cluster.HOME.resolve("examples/tutorial/backends/FraudDetection.java").toString(),
                "tcp://" + lb + ":35101"), lbDir, Map.of());
    }

    private static void start(String name, String host, List<String> command, Path workDir, Map<String, String> env) {
        List<String> onHost = new ArrayList<>(network.on(host));
        onHost.addAll(command);
        STARTED.add(ExternalProcess.start(name + " on " + host, onHost, workDir,
                dir.resolve("logs").resolve(name + ".log"), env));
    }

    private static ExternalProcess started(String name) {
        return STARTED.stream().filter(p -> p instanceof ExternalProcess e && e.log().getFileName().toString()
                .equals(name + ".log")).map(ExternalProcess.class::cast).findFirst().orElseThrow();
    }

    private static void deploy(Path file) {
        Cluster.Reply deployed;
        try {
            deployed = Cluster.http("POST", frontend() + "/conduit/admin/services?name=" + file.getFileName(),
                    Files.readString(file), "admin", ADMIN_PASSWORD, "text/x-java-source");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(deployed.status() / 100).as(deployed.body()).isEqualTo(2);
    }

    /** @return whether it answered 200 (not at all, while a part is still starting) */
    private static boolean answers(Supplier<Cluster.Reply> call) {
        try {
            return call.get().status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String frontend() {
        return "http://" + lb + ":11223";
    }

    private static String node(int n) {
        return "http://" + front + "." + (10 + n) + ":17010";
    }

    private static Cluster.Reply tutorial() {
        return Cluster.http("POST", frontend() + "/tutorial/first-service", CALL, null, null, null);
    }

    private static Cluster.Reply echo(String node) {
        return call(node, "/reliability/echo");
    }

    private static Cluster.Reply call(String node, String path) {
        return Cluster.http("POST", node + path, "{}", null, null, null);
    }

    private static Cluster.Reply admin(String base, String method, String path, String body) {
        return Cluster.http(method, base + path, body, "admin", ADMIN_PASSWORD, "application/json");
    }

    private static Cluster.Reply agent(String path) {
        return Cluster.http("GET", "http://" + lb + ":20151" + path, null, "admin1", ADMIN1_PASSWORD, null);
    }

    private static JsonNode server(String name) {
        for (JsonNode s : agent("/lb/servers").json()) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return MissingNode.getInstance();
    }

    private static String status(String name) {
        return server(name).path("status").asText();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
