package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conduit.testing.LoadGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Beyond one Redis and one H2 file: {@code bin/conduit quickstart --ha --odb postgres} runs Redis as
 * a master, a replica and three sentinels, and the ODB on a PostgreSQL of the cluster's own. The
 * tutorial runs on it as usual; then the Redis master is killed under load through HAProxy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityIT {

    private static final Path SERVICES = Path.of("src/test/resources/services/reliability").toAbsolutePath();
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(5);
    private static final String CALL = "{\"cust_id\":123, \"cust_type\":\"A\"}";
    private static final String EXPECTED = "{\"first_name\":\"Sean\",\"last_name\":\"O'Brien\","
            + "\"last_payment_date\":\"2013-05-14T10:42:14.401555\",\"last_payment_amount\":\"357\"}";
    private static Cluster cluster;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(2, "--ha", "--odb", "postgres");
        cluster.setUpTutorial();
        cluster.deploy(SERVICES.resolve("Echo.java"));
        cluster.channel("echo", "/reliability/echo", "reliability.echo");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theTutorialRunsWithItsConfigurationInTheClustersOwnPostgresql() throws Exception {
        for (int i = 0; i < 4; i++) {
            Cluster.Reply reply = Cluster.http("POST", cluster.frontend() + "/tutorial/first-service", CALL, null, null,
                    null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json()).isEqualTo(new ObjectMapper().readTree(EXPECTED));
        }
        Cluster.Result status = cluster.conduit("status", cluster.dir.toString());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("odb +\\d+ +healthy +jdbc:postgresql:")
                .containsPattern("sentinel3 +\\d+ +healthy").containsPattern("redis-replica +\\d+ +healthy");

        String config = cluster.read("server1/config.yml");
        String url = "jdbc:postgresql://127.0.0.1:" + cluster.port(19092) + "/conduit";
        assertThat(config).contains("url: " + url);
        String password = new ObjectMapper(new YAMLFactory()).readTree(config).path("odb").path("password").asText();
        try (Connection odb = DriverManager.getConnection(url, "conduit", password);
             ResultSet channels = odb.createStatement().executeQuery("SELECT name FROM config_object WHERE kind = 'channels-http' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (channels.next()) {
                names.add(channels.getString(1));
            }
            assertThat(names).as("the channels, as PostgreSQL holds them").contains("echo", "tutorial-first-service");
        }
    }

    @Test
    @Order(2)
    void theRedisMasterKilledUnderLoadFailsOnlyKvdbCallsWhileTheSentinelsPromoteTheReplica() {
        LoadGenerator echo = LoadGenerator.start("Redis master killed (Sentinel failover): calls without the KVDB", 4,
                LoadGenerator.post(cluster.frontend() + "/reliability/echo", "{\"hello\": \"world\"}"),
                r -> r.status() == 200 && r.body().contains("\"hello\":\"world\""));
        LoadGenerator kvdb = LoadGenerator.start("Redis master killed (Sentinel failover): calls using the KVDB (503 until the replica is promoted)", 2,
                LoadGenerator.post(cluster.frontend() + "/tutorial/first-service", CALL));
        echo.awaitMoreOk(100, Duration.ofSeconds(60));
        kvdb.awaitMoreOk(20, Duration.ofSeconds(60));
        HostAndPort replica = new HostAndPort("127.0.0.1", cluster.port(16380));
        assertThat(masterNamedBySentinel()).isEqualTo(new HostAndPort("127.0.0.1", cluster.port(16379)));

        long killedAt = System.currentTimeMillis();
        cluster.kill("redis");
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.equals(masterNamedBySentinel()));
        long promotedAt = System.currentTimeMillis();

        // a change right after the failover reaches every node (through the broker, or the sync interval)
        cluster.channel("made-after-failover", "/reliability/made-after-failover", "reliability.echo");
        for (int server = 1; server <= 2; server++) {
            String node = "http://127.0.0.1:" + cluster.port(17010 + server - 1);
            await().atMost(SYNC_INTERVAL.plusSeconds(5)).until(() -> Cluster.http("POST",
                    node + "/reliability/made-after-failover", "{}", null, null, null).status() == 200);
        }
        kvdb.awaitMoreOk(50, Duration.ofSeconds(30));
        echo.awaitMoreOk(100, Duration.ofSeconds(30));
        long recoveredAt = System.currentTimeMillis();
        LoadGenerator.Summary withoutKvdb = echo.stop().record();
        LoadGenerator.Summary withKvdb = kvdb.stop().record();

        assertThat(withoutKvdb.problems()).as("failed and lost calls without the KVDB, of %d", withoutKvdb.sent())
                .isEmpty();
        assertThat(withKvdb.lost()).isZero();
        assertThat(withKvdb.problems()).allSatisfy(failure -> {
            assertThat(failure.status()).isEqualTo(503);
            assertThat(failure.detail()).contains("the KVDB (Redis at master 'conduit' of sentinels").contains(
                    "cannot be reached");
            assertThat(failure.startedAt()).as("refused only during the failover (killed at %d, promoted at %d)",
                    killedAt, promotedAt).isBetween(killedAt - 1000, promotedAt + 5000);
        });
        assertThat(recoveredAt).isGreaterThan(killedAt);
        assertThat(List.of(cluster.status("server1"), cluster.status("server2"))).as("the agent follows too")
                .containsOnly("UP");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.usage("reliability.echo")).as("calls counted by the statistics (the dashboard reads"
                        + " them from the new master)").isEqualTo(withoutKvdb.sent() + 2));
    }

    @Test
    @Order(3)
    void theOldMasterStartedAgainJoinsAsAReplicaOfTheNewOne() {
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("redis            started").contains("server1          already running");
        // the sentinels turn it into a replica, and drop its clients as its role changes
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(replication(cluster.port(16379)))
                .contains("role:slave").contains("master_port:" + cluster.port(16380)));
        assertThat(Cluster.http("POST", cluster.frontend() + "/tutorial/first-service", CALL, null, null, null).status())
                .isEqualTo(200);
    }

    /**
     * A master that stops answering without closing its connections (SIGSTOP, like a host cut off):
     * nothing tells the nodes' subscriptions, so they move because the sentinels name another master.
     */
    @Test
    @Order(4)
    void aMasterThatGoesSilentLosesTheNodesSubscriptionsToTheOneTheSentinelsPromote() {
        HostAndPort silent = masterNamedBySentinel();
        int other = silent.getPort() == cluster.port(16379) ? cluster.port(16380) : cluster.port(16379);
        String part = silent.getPort() == cluster.port(16379) ? "redis" : "redis-replica";
        signal("STOP", cluster.pid(part));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> masterNamedBySentinel().getPort() == other);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(subscribers(other)).as("subscribers on the new master")
                            .contains("conduit-server1", "conduit-server2"));
            cluster.channel("made-after-silence", "/reliability/made-after-silence", "reliability.echo");
            for (int server = 1; server <= 2; server++) {
                String node = "http://127.0.0.1:" + cluster.port(17010 + server - 1);
                await().atMost(SYNC_INTERVAL.plusSeconds(5)).until(() -> Cluster.http("POST",
                        node + "/reliability/made-after-silence", "{}", null, null, null).status() == 200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Cluster.http("POST", cluster.frontend()
                    + "/tutorial/first-service", CALL, null, null, null).status() == 200);
        } finally {
            signal("CONT", cluster.pid(part));
        }
    }

    private static void signal(String signal, long pid) {
        Cluster.Result kill = Cluster.run(List.of("kill", "-" + signal, String.valueOf(pid)), Map.of());
        assertThat(kill.exit()).as(kill.output()).isZero();
    }

    /** @return the names of the clients subscribed to a channel on the Redis at {@code port} */
    private static List<String> subscribers(int port) {
        try (Jedis redis = new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().password(redisPassword()).build())) {
            return redis.clientList().lines().filter(c -> c.contains(" sub=1 "))
                    .map(c -> c.replaceAll(".* name=(\\S+) .*", "$1")).toList();
        }
    }

    private static HostAndPort masterNamedBySentinel() {
        try (Jedis sentinel = new Jedis(new HostAndPort("127.0.0.1", cluster.port(16381)),
                DefaultJedisClientConfig.builder().build())) {
            List<String> master = sentinel.sentinelGetMasterAddrByName("conduit");
            return new HostAndPort(master.get(0), Integer.parseInt(master.get(1)));
        }
    }

    private static String replication(int port) {
        try (Jedis redis = new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().password(redisPassword()).build())) {
            return redis.info("replication");
        }
    }

    private static String redisPassword() {
        return cluster.read("redis/redis.conf").lines().filter(l -> l.startsWith("requirepass "))
                .findFirst().orElseThrow().substring("requirepass ".length()).replace("\"", ""); // quoted once Redis rewrote it
    }
}
