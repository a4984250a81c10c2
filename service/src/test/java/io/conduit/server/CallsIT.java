package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.TestBackend;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Recorded calls on a real node and Redis: a call that failed on its backend is recorded with each
 * outgoing call, its log lines and its answer, secrets masked; replayed once the backend is fixed,
 * it answers 200; a slow call is recorded, a fast one is not.
 */
class CallsIT {

    /** A password that must never reach Redis: the caller's, the backend's, and one in the body. */
    private static final String CANARY = "canary-" + UUID.randomUUID();

    private static TestBackend crm;
    private static TestBackend payments;
    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        crm = TestBackend.answering("{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}");
        payments = TestBackend.answering("{\"DATE\": \"2013-05-14\", \"AMOUNT\": \"357\"}");
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        assertThat(node.admin("POST", "/conduit/admin/services",
                Files.readString(Path.of("..", "examples", "tutorial", "GetClientDetails.java"))).status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/security", "{\"name\": \"crm-login\", \"type\": \"basic\","
                + " \"username\": \"conduit\", \"password\": \"" + CANARY + "\"}").status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/security", "{\"name\": \"callers\", \"type\": \"basic\","
                + " \"username\": \"partner\", \"password\": \"" + CANARY + "\"}").status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"CRM\", \"address\": \""
                + crm.address() + "\", \"method\": \"POST\", \"security\": \"crm-login\"}").status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"Payments\", \"address\":"
                + " \"http://127.0.0.1:" + FreePorts.next() + "\", \"method\": \"POST\", \"timeoutMs\": 1000}").status())
                .isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"secured\", \"urlPath\":"
                + " \"/calls/secured\", \"service\": \"tutorial.get-client-details\", \"security\": \"callers\"}")
                .status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"watched\", \"urlPath\":"
                + " \"/calls/watched\", \"service\": \"tutorial.get-client-details\", \"recordSlowerThan\": \"1ms\"}")
                .status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"plain\", \"urlPath\":"
                + " \"/calls/plain\", \"service\": \"tutorial.get-client-details\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (crm != null) {
            crm.close();
        }
        if (payments != null) {
            payments.close();
        }
    }

    @Test
    void aFailedCallIsRecordedWithItsOutgoingCallsAndLogsAndReplaysOnceTheBackendIsFixed() {
        TestNode.Reply failed = node.call("POST", "/calls/secured", "{\"cust_id\": 1, \"cust_type\": \"Z\","
                + " \"password\": \"" + CANARY + "\"}", "Authorization", TestNode.basic("partner", CANARY));
        assertThat(failed.status()).as("a backend that refuses the connection: " + failed.body()).isEqualTo(502);
        String cid = failed.header("X-Conduit-CID");

        await().atMost(Duration.ofSeconds(10)).until(() -> node.admin("GET", "/conduit/admin/calls?outcome=failed"
                + "&service=tutorial.get-client-details", null).json().findValuesAsText("cid").contains(cid));
        JsonNode call = node.admin("GET", "/conduit/admin/calls/" + cid, null).json();
        assertThat(call.path("outcome").asText()).isEqualTo("failed");
        assertThat(call.path("channel").asText()).isEqualTo("secured");
        assertThat(call.path("node").asText()).isEqualTo("server1");
        assertThat(call.at("/request/headers/authorization/0").asText()).isEqualTo("***");
        assertThat(call.at("/request/body/password").asText()).isEqualTo("***");
        assertThat(call.at("/request/body/cust_id").asInt()).isEqualTo(1);
        assertThat(call.at("/service/name").asText()).isEqualTo("tutorial.get-client-details");
        JsonNode outgoing = call.path("outgoing");
        assertThat(outgoing).hasSize(2);
        assertThat(outgoing.get(0).path("connection").asText()).isEqualTo("CRM");
        assertThat(outgoing.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(outgoing.get(0).at("/sent/password").asText()).isEqualTo("***");
        assertThat(outgoing.get(0).at("/received/firstName").asText()).isEqualTo("Sean");
        assertThat(outgoing.get(1).path("connection").asText()).isEqualTo("Payments");
        assertThat(outgoing.get(1).path("error").asText()).contains("refused the connection");
        assertThat(outgoing.get(1).path("reason").asText()).isEqualTo("UNREACHABLE");
        assertThat(outgoing.get(1).path("startMs").asDouble()).isGreaterThanOrEqualTo(
                outgoing.get(0).path("startMs").asDouble() + outgoing.get(0).path("durationMs").asDouble());
        assertThat(call.path("logs").findValuesAsText("message")).anySatisfy(m -> assertThat(m).startsWith("Request: ")
                .contains("\"cust_id\":1").doesNotContain(CANARY));
        assertThat(call.at("/response/status").asInt()).isEqualTo(502);
        assertThat(call.at("/response/body/cid").asText()).isEqualTo(cid);

        assertThat(node.admin("PUT", "/conduit/admin/outgoing/http/Payments", "{\"address\": \"" + payments.address()
                + "\", \"method\": \"POST\"}").status()).isEqualTo(200);
        JsonNode replay = node.admin("POST", "/conduit/admin/calls/" + cid + "/replay", null).json();
        assertThat(replay.at("/original/status").asInt()).isEqualTo(502);
        assertThat(replay.at("/replay/status").asInt()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.at("/replay/body/last_payment_amount").asText()).isEqualTo("357");
        assertThat(replay.path("cid").asText()).matches("[0-9a-f]{32}").isNotEqualTo(cid);

        assertThat(everythingInRedis()).as("the canary password").doesNotContain(CANARY);
    }

    @Test
    void aCallOverItsChannelsThresholdIsRecordedAsSlowAndAFastOneIsNot() {
        TestNode.Reply slow = node.call("POST", "/calls/watched", "{\"cust_id\": 2, \"cust_type\": \"Z\"}");
        TestNode.Reply fast = node.call("POST", "/calls/plain", "{\"cust_id\": 3, \"cust_type\": \"Z\"}");
        assertThat(slow.status()).as(slow.body()).isIn(200, 502);
        String slowCid = slow.header("X-Conduit-CID");

        await().atMost(Duration.ofSeconds(10)).until(() -> node.admin("GET", "/conduit/admin/calls?outcome=slow", null)
                .json().findValuesAsText("cid").contains(slowCid));
        assertThat(node.admin("GET", "/conduit/admin/calls", null).json().findValuesAsText("cid"))
                .doesNotContain(fast.header("X-Conduit-CID"));
        assertThat(node.admin("GET", "/conduit/admin/calls/" + fast.header("X-Conduit-CID"), null).status())
                .isEqualTo(404);
        assertThat(node.admin("GET", "/conduit/admin/calls?outcome=lost", null).status()).isEqualTo(400);
    }

    /** @return every key and value in the cluster's Redis, as text */
    private static String everythingInRedis() {
        Redis redis = TestRedis.client(cluster.redis());
        try {
            StringBuilder all = new StringBuilder();
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.pool().scan(cursor, new ScanParams().count(500));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            for (String key : keys) {
                all.append(key).append(' ');
                switch (redis.pool().type(key)) {
                    case "string" -> all.append(redis.pool().get(key));
                    case "hash" -> all.append(redis.pool().hgetAll(key));
                    case "list" -> all.append(redis.pool().lrange(key, 0, -1));
                    case "set" -> all.append(redis.pool().smembers(key));
                    case "zset" -> all.append(redis.pool().zrange(key, 0, -1));
                    case "stream" -> all.append(redis.pool().xrange(key, "-", "+"));
                    default -> all.append("?");
                }
                all.append('\n');
            }
            assertThat(keys).anyMatch(k -> k.startsWith("conduit:calls:"));
            return all.toString();
        } finally {
            redis.stop();
        }
    }
}
