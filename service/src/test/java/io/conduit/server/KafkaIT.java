package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.Await;
import io.conduit.testing.FreePorts;
import io.conduit.testing.KafkaServer;
import io.conduit.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outgoing Kafka connections on a node, against a real KRaft broker of the test's own: a send
 * returns where the broker wrote the record, with the call's cid and trace context as headers; a
 * repointed connection sends to its new topic; a broker that is down is a clear error naming the
 * connection, not a hang; ping; a setting that contradicts another is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaServer broker;
    private static TestCluster cluster;
    private static TestNode node;
    private static TestNode two;
    private static Redis redis;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void start() {
        broker = new KafkaServer().start();
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        two = cluster.start("server2");
        redis = TestRedis.client(cluster.redis());
        for (String service : List.of("Produce", "Consume")) {
            Reply deployed = node.admin("POST", "/conduit/admin/services", Fixtures.text("services/" + service + ".java"));
            assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        }
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Reply channel = node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"produce\", \"urlPath\": \"/produce\", \"service\": \"fixtures.produce\", \"method\": \"POST\"}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSendReturnsWhereTheBrokerWroteTheRecordWithTheCallsCidAndTraceAsHeaders() throws Exception {
        Reply created = node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Orders\", \"bootstrapServers\": \""
                + broker.bootstrapServers() + "\", \"topic\": \"orders\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode stored = node.admin("GET", "/conduit/admin/outgoing/kafka/Orders", null).json();
        assertThat(stored.path("acks").asText()).isEqualTo("all");
        assertThat(stored.path("idempotent").asBoolean()).isTrue();
        assertThat(stored.path("compression").asText()).isEqualTo("none");

        Await.until(() -> produce("Orders", "warm-up", 0).status() != 500, Duration.ofSeconds(10));
        Reply sent = produce("Orders", "order-1", 1);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().path("topic").asText()).isEqualTo("orders");
        ConsumerRecord<byte[], byte[]> record = read("orders", sent.json().path("partition").asInt(),
                sent.json().path("offset").asLong());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree("{\"n\": 1}"));
        String cid = sent.header("X-Conduit-CID");
        assertThat(header(record, "X-Conduit-CID")).isEqualTo(cid);
        assertThat(header(record, "sent-by")).isEqualTo("fixtures.produce");
        assertThat(header(record, "traceparent")).as("the cid is the trace id").matches("00-" + cid + "-[0-9a-f]{16}-0[01]");

        Reply ping = node.admin("POST", "/conduit/admin/outgoing/kafka/Orders/ping", null);
        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().path("ok").asBoolean()).as(ping.body()).isTrue();

        // the same key, the same partition: its records keep their order
        Reply again = produce("Orders", "order-1", 2);
        assertThat(again.json().path("partition").asInt()).isEqualTo(sent.json().path("partition").asInt());
        assertThat(again.json().path("offset").asLong()).isGreaterThan(sent.json().path("offset").asLong());
    }

    @Test
    void aRepointedConnectionSendsToItsNewTopic() {
        node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Moving\", \"bootstrapServers\": \""
                + broker.bootstrapServers() + "\", \"topic\": \"moving-v1\"}");
        Await.until(() -> produce("Moving", "k", 1).status() == 200, Duration.ofSeconds(30));
        assertThat(produce("Moving", "k", 2).json().path("topic").asText()).isEqualTo("moving-v1");

        Reply changed = node.admin("PUT", "/conduit/admin/outgoing/kafka/Moving", "{\"name\": \"Moving\","
                + " \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topic\": \"moving-v2\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Await.until(() -> "moving-v2".equals(produce("Moving", "k", 3).json().path("topic").asText()), Duration.ofSeconds(30));
    }

    @Test
    void aBrokerThatIsDownIsAClearErrorNamingTheConnectionNotAHang() {
        String nowhere = "127.0.0.1:" + FreePorts.next();
        node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Down\", \"bootstrapServers\": \"" + nowhere
                + "\", \"topic\": \"lost\", \"timeoutMs\": 2000}");
        Await.until(() -> produce("Down", "k", 1).status() != 500, Duration.ofSeconds(10));

        Reply failed = produce("Down", "k", 1);
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.json().path("error").asText()).contains("outgoing Kafka connection 'Down'", nowhere,
                "topic 'lost'");
        Reply ping = node.admin("POST", "/conduit/admin/outgoing/kafka/Down/ping", null);
        assertThat(ping.json().path("ok").asBoolean()).isFalse();
        assertThat(ping.json().path("error").asText()).contains("'Down'");

        // reported on /healthcheck, not fatal: a broker that is down is not the node's fault
        Reply health = TestNode.get("http://127.0.0.1:" + node.adminPort() + "/healthcheck", "Authorization",
                TestNode.basic("admin", cluster.password()));
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().at("/outgoing-connections/kafka Down").asText()).startsWith("unreachable: ")
                .contains("'Down'");
        node.admin("DELETE", "/conduit/admin/outgoing/kafka/Down", null);
    }

    @Test
    void anIdempotentProducerWithoutAcksAllIsRefusedSayingWhy() {
        Reply refused = node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Loose\", \"bootstrapServers\": \""
                + broker.bootstrapServers() + "\", \"topic\": \"loose\", \"acks\": \"1\"}");
        assertThat(refused.status()).as(refused.body()).isBetween(400, 422);
        assertThat(refused.body()).contains("idempotent", "acks all");
        Reply fine = node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Loose\", \"bootstrapServers\": \""
                + broker.bootstrapServers() + "\", \"topic\": \"loose\", \"acks\": \"1\", \"idempotent\": false}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(201);
    }

    @Test
    void aChannelOnTwoNodesHandlesEveryRecordOnceAndCommitsItsOffsets() throws Exception {
        topic("orders-in", 4);
        channel("{\"name\": \"orders\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"orders-in\"], \"service\": \"fixtures.consume\", \"consumers\": 2}");
        JsonNode stored = node.admin("GET", "/conduit/admin/channels/kafka/orders", null).json();
        assertThat(stored.path("groupId").asText()).isEqualTo("conduit-orders");
        assertThat(stored.path("maxAttempts").asInt()).isEqualTo(3);
        // four members, four partitions: one each once the group settled
        Await.until(() -> consumers("orders").size() == 2 && consumers("orders").stream()
                .allMatch(r -> r.path("partitions").size() == 2), Duration.ofSeconds(60));

        int count = 500;
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>("orders-in", "o-" + i, "{\"key\": \"kafka:orders\", \"id\": \"o-" + i
                    + "\"}"));
        }
        producer.flush();
        Await.until(() -> redis.pool().llen("kafka:orders") >= count, Duration.ofSeconds(60));
        List<String> ids = redis.pool().lrange("kafka:orders", 0, -1);
        assertThat(new HashSet<>(ids)).as("every record").hasSize(count);
        assertThat(ids).as("each once").hasSize(count);
        Await.until(() -> sum("orders", "handled") == count && sum("orders", "lag") == 0, Duration.ofSeconds(20));
        for (JsonNode row : consumers("orders")) {
            assertThat(row.path("state").asText()).isEqualTo("consuming");
            assertThat(row.path("consumers").asInt()).isEqualTo(2);
            assertThat(row.path("handled").asLong()).as(row.path("node").asText() + " took part").isPositive();
        }
        // committed once the service returned (a moment after: the commit does not hold up the next records):
        // the group is at the end of every partition
        Await.until(() -> committed("conduit-orders") == count, Duration.ofSeconds(10),
                () -> "committed " + committed("conduit-orders") + " of " + count);
        // the same figures for Prometheus, and the statistics count the calls like any other
        double handled = 0;
        double invoked = 0;
        for (TestNode n : List.of(node, two)) {
            PrometheusText metrics = PrometheusText.parse(n.admin("GET", "/conduit/metrics", null).body());
            handled += metrics.sum("conduit_kafka_channel_records_total", "channel", "orders", "outcome", "handled");
            assertThat(metrics.sum("conduit_kafka_channel_partitions", "channel", "orders")).isEqualTo(2);
            invoked += metrics.sum("conduit_service_invocations_total", "service", "fixtures.consume");
        }
        assertThat(handled).isEqualTo(count);
        assertThat(invoked).isGreaterThanOrEqualTo(count);
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithWhyWhileTheOthersFlow() throws Exception {
        topic("payments", 2);
        channel("{\"name\": \"payments\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"payments\"], \"service\": \"fixtures.consume\", \"maxAttempts\": 3, \"backoff\": 200}");
        awaitEachNodeHoldsOnePartition("payments");
        // p-poison and p-after share partition 0: the record after the poison is handled once it is dead-lettered
        String before = "{\"key\": \"kafka:payments\", \"id\": \"p-before\", \"raw\": true, \"headers\":"
                + " [\"kafka-topic\", \"kafka-partition\", \"kafka-offset\", \"kafka-key\", \"Sent-By\"]}";
        producer.send(new ProducerRecord<>("payments", 0, "p-before", before, List.<Header>of(
                new RecordHeader("sent-by", "KafkaIT".getBytes(StandardCharsets.UTF_8))))).get(30, TimeUnit.SECONDS);
        send("payments", 0, "p-poison", "{\"key\": \"kafka:payments\", \"id\": \"p-poison\", \"fail\": true}");
        send("payments", 0, "p-after", "{\"key\": \"kafka:payments\", \"id\": \"p-after\"}");
        for (int i = 0; i < 20; i++) {
            send("payments", 1, "p-other-" + i, "{\"key\": \"kafka:payments\", \"id\": \"p-other-" + i + "\"}");
        }
        Await.until(() -> redis.pool().llen("kafka:payments") >= 22, Duration.ofSeconds(60));
        List<String> ids = redis.pool().lrange("kafka:payments", 0, -1);
        assertThat(ids).hasSize(22).contains("p-before", "p-after", "p-other-19").doesNotContain("p-poison");
        assertThat(redis.pool().lrange("kafka:payments:headers", 0, -1)).as("what the service saw of the record")
                .containsExactlyInAnyOrder("kafka-topic=payments", "kafka-partition=0", "kafka-offset=0",
                        "kafka-key=p-before", "Sent-By=KafkaIT");
        assertThat(redis.pool().lrange("kafka:payments:raw", 0, -1)).containsExactly(before);
        // p-after, handled once the poison was dead-lettered, is the latest its node shows
        Await.until(() -> consumers("payments").stream().anyMatch(r -> r.path("last").path("offset").asLong() == 2
                && r.path("last").path("partition").asInt() == 0 && !r.path("last").path("cid").asText().isEmpty()),
                Duration.ofSeconds(10));

        ConsumerRecord<byte[], byte[]> dead = read("payments.dead-letter", 0, 0);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("p-poison");
        assertThat(JSON.readTree(dead.value()).path("id").asText()).isEqualTo("p-poison");
        assertThat(header(dead, "conduit-error")).contains("message p-poison fails on purpose");
        assertThat(header(dead, "conduit-attempts")).isEqualTo("3");
        assertThat(header(dead, "conduit-original-topic")).isEqualTo("payments");
        assertThat(header(dead, "conduit-original-partition")).isEqualTo("0");
        assertThat(header(dead, "conduit-original-offset")).isEqualTo("1");
        assertThat(header(dead, "X-Conduit-CID")).matches("[0-9a-f]{32}");
        Await.until(() -> sum("payments", "deadLettered") == 1, Duration.ofSeconds(10));
        assertThat(sum("payments", "failed")).isEqualTo(3);
        assertThat(sum("payments", "retried")).isEqualTo(2);
        JsonNode failure = consumers("payments").stream().filter(r -> r.path("deadLettered").asLong() == 1).findFirst()
                .orElseThrow().path("lastFailure");
        assertThat(failure.path("error").asText()).contains("fails on purpose");
        assertThat(failure.path("attempt").asInt()).isEqualTo(3);
        assertThat(failure.path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void recordsPolledWhileTheRecordBeforeThemFailsWaitForItsRetriesAndAreHandledOnceInOrder() throws Exception {
        topic("held", 2);
        channel("{\"name\": \"held\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"held\"], \"service\": \"fixtures.consume\", \"maxAttempts\": 2, \"backoff\": 300}");
        awaitEachNodeHoldsOnePartition("held");
        send("held", 0, "h-slow", "{\"key\": \"kafka:held\", \"id\": \"h-slow\", \"sleepMs\": 2000}");
        send("held", 0, "h-poison", "{\"key\": \"kafka:held\", \"id\": \"h-poison\", \"fail\": true}");
        // sent while the service is busy with h-slow: the channel fetches them before h-poison has failed
        Await.until(() -> redis.pool().lrange("kafka:held:sleeping", 0, -1).contains("h-slow"), Duration.ofSeconds(30));
        send("held", 0, "h-after-1", "{\"key\": \"kafka:held\", \"id\": \"h-after-1\"}");
        send("held", 0, "h-after-2", "{\"key\": \"kafka:held\", \"id\": \"h-after-2\"}");

        Await.until(() -> sum("held", "deadLettered") == 1 && redis.pool().llen("kafka:held") >= 3,
                Duration.ofSeconds(30), () -> consumers("held").toString());
        Await.until(() -> committed("conduit-held") == 4, Duration.ofSeconds(10));
        // newest first: each once, the two after the poison once it was dead-lettered
        assertThat(redis.pool().lrange("kafka:held", 0, -1)).containsExactly("h-after-2", "h-after-1", "h-slow");
        assertThat(new String(read("held.dead-letter", 0, 0).key(), StandardCharsets.UTF_8)).isEqualTo("h-poison");
        assertThat(sum("held", "failed")).isEqualTo(2);
        assertThat(sum("held", "handled")).isEqualTo(3);
    }

    @Test
    void aLongBatchCommitsWhatItHandledWhileItRuns() throws Exception {
        topic("long", 2);
        channel("{\"name\": \"long\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"long\"], \"service\": \"fixtures.consume\"}");
        awaitEachNodeHoldsOnePartition("long");
        // one produce request: one poll hands all eight to the service, 400 ms each
        for (int i = 0; i < 8; i++) {
            producer.send(new ProducerRecord<>("long", 0, "l-" + i,
                    "{\"key\": \"kafka:long\", \"id\": \"l-" + i + "\", \"sleepMs\": 400}"));
        }
        producer.flush();

        // a node killed in the middle of the batch hands on only what it handled since the last second
        AtomicLong midway = new AtomicLong(-1);
        Await.until(() -> {
            long committed = committed("conduit-long");
            if (committed > 0 && committed < 8) {
                midway.set(committed);
            }
            return midway.get() > 0 || committed == 8;
        }, Duration.ofSeconds(30));
        assertThat(midway.get()).as("offsets committed while the batch of eight was still being handled").isPositive();
        Await.until(() -> committed("conduit-long") == 8, Duration.ofSeconds(30));
        assertThat(redis.pool().lrange("kafka:long", 0, -1)).containsExactly("l-7", "l-6", "l-5", "l-4", "l-3", "l-2",
                "l-1", "l-0");
    }

    @Test
    void aChangedChannelAppliesOnEveryNodeWithoutARestart() {
        topic("changing", 2);
        String json = "{\"name\": \"changing\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\","
                + " \"topics\": [\"changing\"], \"service\": \"fixtures.consume\"";
        channel(json + "}");
        Await.until(() -> partitions("changing") == 2, Duration.ofSeconds(60));

        Reply more = node.admin("PUT", "/conduit/admin/channels/kafka/changing", json + ", \"consumers\": 3}");
        assertThat(more.status()).as(more.body()).isEqualTo(200);
        Await.until(() -> consumers("changing").stream().allMatch(r -> r.path("consumers").asInt() == 3)
                && partitions("changing") == 2, Duration.ofSeconds(60));

        Reply off = node.admin("PUT", "/conduit/admin/channels/kafka/changing", json + ", \"active\": false}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        Await.until(() -> consumers("changing").stream().allMatch(r -> r.path("consumers").asInt() == 0), Duration.ofSeconds(30));
        send("changing", 0, "c-1", "{\"key\": \"kafka:changing\", \"id\": \"c-1\"}");

        Reply on = node.admin("PUT", "/conduit/admin/channels/kafka/changing", json + ", \"active\": true}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        Await.until(() -> redis.pool().llen("kafka:changing") == 1, Duration.ofSeconds(60));
    }

    @Test
    void aChannelWithoutTopicsIsRefusedSayingWhy() {
        Reply refused = node.admin("POST", "/conduit/admin/channels/kafka", "{\"name\": \"empty\", \"bootstrapServers\":"
                + " \"" + broker.bootstrapServers() + "\", \"topics\": [], \"service\": \"fixtures.consume\"}");
        assertThat(refused.status()).as(refused.body()).isBetween(400, 422);
        assertThat(refused.body()).contains("topics");
        Reply badTopic = node.admin("POST", "/conduit/admin/channels/kafka", "{\"name\": \"bad\", \"bootstrapServers\":"
                + " \"" + broker.bootstrapServers() + "\", \"topics\": [\"no spaces\"], \"service\": \"fixtures.consume\"}");
        assertThat(badTopic.status()).as(badTopic.body()).isBetween(400, 422);
        assertThat(badTopic.body()).contains("topics");
    }

    @Test
    void saslCredentialsReachTheBrokerAndNoAnswerShowsThem() {
        String sasl = "\"sasl\": {\"user\": \"" + KafkaServer.SASL_USER + "\", \"password\": \"" + broker.saslPassword()
                + "\"}";
        Reply created = node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Secured\", \"bootstrapServers\":"
                + " \"" + broker.saslBootstrapServers() + "\", \"topic\": \"secured-out\", " + sasl + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Await.until(() -> produce("Secured", "s-1", 1).status() == 200, Duration.ofSeconds(30));

        topic("secured-in", 1);
        channel("{\"name\": \"secured\", \"bootstrapServers\": \"" + broker.saslBootstrapServers() + "\", \"topics\":"
                + " [\"secured-in\"], \"service\": \"fixtures.consume\", " + sasl + "}");
        send("secured-in", 0, "s-2", "{\"key\": \"kafka:secured\", \"id\": \"s-2\"}");
        Await.until(() -> redis.pool().llen("kafka:secured") == 1, Duration.ofSeconds(60));

        for (String path : List.of("/conduit/admin/outgoing/kafka/Secured", "/conduit/admin/channels/kafka/secured",
                "/conduit/admin/config")) {
            Reply shown = node.admin("GET", path, null);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body()).as(path).doesNotContain(broker.saslPassword()).contains(KafkaServer.SASL_USER);
        }
        assertThat(node.admin("GET", "/conduit/admin/config", null).body())
                .contains("${OUTGOING_KAFKA_SECURED_SASL_PASSWORD}", "${CHANNELS_KAFKA_SECURED_SASL_PASSWORD}");

        node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Intruder\", \"bootstrapServers\": \""
                + broker.saslBootstrapServers() + "\", \"topic\": \"secured-out\", \"timeoutMs\": 3000, \"sasl\":"
                + " {\"user\": \"" + KafkaServer.SASL_USER + "\", \"password\": \"wrong\"}}");
        Await.until(() -> produce("Intruder", "k", 1).status() != 500, Duration.ofSeconds(10));
        Reply refused = produce("Intruder", "k", 1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(502);
        assertThat(refused.json().path("error").asText()).contains("'Intruder'", "SASL credentials")
                .doesNotContain("wrong");
    }

    @Test
    void theEventsExampleAppliedWithTheCliPublishesThroughKafkaAndRecordsEachEventOnce() throws Exception {
        ProcessBuilder apply = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.conduit.cli.ConduitCli", "apply",
                "--url", "http://127.0.0.1:" + node.port(), "--credentials",
                cluster.dir().resolve("admin.credentials").toString(), Path.of("..", "examples", "events", "config")
                .toString()).redirectErrorStream(true);
        apply.environment().put("KAFKA_BOOTSTRAP", broker.bootstrapServers());
        Process process = apply.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("+ channels-kafka 'events-in' (new)", "+ outgoing-kafka 'Events' (new)");

        Reply published = await(() -> {
            Reply r = two.call("POST", "/events", "{\"id\": \"E-1\", \"type\": \"signup\"}",
                    "Content-Type", "application/json");
            return r.status() == 202 ? r : null;
        });
        String cid = published.json().path("cid").asText();
        Await.until(() -> redis.pool().llen("events:received") == 1, Duration.ofSeconds(60));
        assertThat(redis.pool().lrange("events:received", 0, -1).get(0)).startsWith("E-1 signup cid " + cid + " partition ");

        Reply poison = two.call("POST", "/events", "{\"id\": \"E-2\", \"type\": \"poison\"}",
                "Content-Type", "application/json");
        assertThat(poison.status()).as(poison.body()).isEqualTo(202);
        two.call("POST", "/events", "{\"id\": \"E-3\", \"type\": \"login\"}", "Content-Type", "application/json");
        Await.until(() -> redis.pool().llen("events:received") == 2 && sum("events-in", "deadLettered") == 1,
                Duration.ofSeconds(60));
        assertThat(redis.pool().lrange("events:received", 0, -1).get(0)).startsWith("E-3 login");
        Reply bad = two.call("POST", "/events", "{\"type\": \"signup\"}", "Content-Type", "application/json");
        assertThat(bad.status()).isEqualTo(400);
    }

    /** Before the last: each node stops and starts again in turn, as in a rolling restart. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void recordsProducedThroughARollingRestartOfTheNodesAreEachHandled() throws Exception {
        topic("rolling", 4);
        channel("{\"name\": \"rolling\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"rolling\"], \"service\": \"fixtures.consume\", \"consumers\": 2}");
        Await.until(() -> partitions("rolling") == 4, Duration.ofSeconds(60));
        Set<String> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread stream = new Thread(() -> {
            for (int i = 0; producing.get(); i++) {
                String id = "r-" + i;
                producer.send(new ProducerRecord<>("rolling", id, "{\"key\": \"kafka:rolling\", \"id\": \"" + id
                        + "\"}"), (metadata, e) -> {
                            if (e == null) {
                                written.add(id);
                            }
                        });
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // the stream's pace, not a wait for anything
            }
        }, "rolling-stream");
        stream.start();
        try {
            Await.until(() -> redis.pool().llen("kafka:rolling") >= 300, Duration.ofSeconds(60));
            two.close();
            two = cluster.start("server2");
            awaitHandledGrows("kafka:rolling");
            node.close();
            node = cluster.start("server1");
            awaitHandledGrows("kafka:rolling");
        } finally {
            producing.set(false);
            stream.join();
            producer.flush();
        }
        Await.until(() -> new HashSet<>(redis.pool().lrange("kafka:rolling", 0, -1)).containsAll(written), Duration.ofSeconds(60));
        List<String> handled = redis.pool().lrange("kafka:rolling", 0, -1);
        int duplicates = handled.size() - new HashSet<>(handled).size();
        System.out.printf("KafkaIT: %d records through a rolling restart of both nodes, %d handled twice%n",
                written.size(), duplicates);
        // a node that stops finishes the record in hand and commits before it leaves the group; a commit the
        // group refuses during a rebalance leaves at most the poll in hand (500 records) of each consumer
        assertThat(duplicates).as("handled twice").isLessThanOrEqualTo(2 * 500);
        Await.until(() -> partitions("rolling") == 4, Duration.ofSeconds(60));
    }

    private static void awaitHandledGrows(String list) {
        long now = redis.pool().llen(list);
        Await.until(() -> redis.pool().llen(list) >= now + 300, Duration.ofSeconds(60));
    }

    /** Last: the broker is stopped and started again. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aBrokerStoppedFor20SecondsIsA503NamingKafkaAndTheChannelResumesByItself() {
        topic("outage", 1);
        node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Outage\", \"bootstrapServers\": \""
                + broker.bootstrapServers() + "\", \"topic\": \"outage\", \"timeoutMs\": 2000}");
        channel("{\"name\": \"outage\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topics\":"
                + " [\"outage\"], \"service\": \"fixtures.consume\"}");
        // through HTTP to Kafka, and through the channel to the service
        Await.until(() -> produceMessage("Outage", "o-1").status() == 200, Duration.ofSeconds(30));
        Await.until(() -> redis.pool().lrange("kafka:outage", 0, -1).contains("o-1"), Duration.ofSeconds(60));

        broker.stop();
        long stopped = System.nanoTime();
        int refused = 0;
        while (System.nanoTime() - stopped < Duration.ofSeconds(20).toNanos()) {
            Reply reply = produceMessage("Outage", "o-down");
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.json().path("error").asText()).contains("outgoing Kafka connection 'Outage'");
            refused++;
        }
        System.out.printf("KafkaIT: %d sends refused with 503 while the broker was down for 20 s%n", refused);
        broker.start();

        Await.until(() -> produceMessage("Outage", "o-2").status() == 200, Duration.ofSeconds(60));
        Await.until(() -> redis.pool().lrange("kafka:outage", 0, -1).contains("o-2"), Duration.ofSeconds(60));
        // each node publishes its rows every two seconds: they may still show the rebalance the restart caused
        Await.until(() -> sum("outage", "handled") >= 2 && consumers("outage").stream()
                .anyMatch(r -> r.path("state").asText().equals("consuming")), Duration.ofSeconds(10),
                () -> consumers("outage").toString());
    }

    private static Reply produceMessage(String connection, String id) {
        return node.call("POST", "/produce", "{\"connection\": \"" + connection + "\", \"key\": \"" + id + "\","
                + " \"message\": {\"key\": \"kafka:outage\", \"id\": \"" + id + "\"}}", "Content-Type", "application/json");
    }

    private static void topic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    private static void send(String topic, int partition, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void channel(String json) {
        Reply created = node.admin("POST", "/conduit/admin/channels/kafka", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<JsonNode> consumers(String channel) {
        Reply reply = node.admin("GET", "/conduit/admin/channels/kafka/" + channel + "/consumers", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.json().forEach(rows::add);
        return rows;
    }

    /** @return the partitions assigned across the nodes */
    private static int partitions(String channel) {
        return consumers(channel).stream().mapToInt(r -> r.path("partitions").size()).sum();
    }

    private static long sum(String channel, String field) {
        return consumers(channel).stream().mapToLong(r -> r.path(field).asLong()).sum();
    }

    private static Reply produce(String connection, String key, int n) {
        return node.call("POST", "/produce", "{\"connection\": \"" + connection + "\", \"key\": \"" + key + "\", \"n\": "
                + n + "}", "Content-Type", "application/json");
    }

    /**
     * Waits until each node holds one of a 2-partition topic's partitions: the group is settled, so no
     * rebalance moves a failing record to a node that would start its attempts again (2 partitions in
     * all could still be the first node alone).
     */
    private static void awaitEachNodeHoldsOnePartition(String channel) {
        Await.until(() -> consumers(channel).stream().filter(r -> r.path("partitions").size() == 1).count() == 2,
                Duration.ofSeconds(60), () -> consumers(channel).toString());
    }

    /** @return the offsets a consumer group committed, summed over its partitions */
    private static long committed(String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerRecord<byte[], byte[]> read(String topic, int partition, long offset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition where = new TopicPartition(topic, partition);
            consumer.assign(List.of(where));
            consumer.seek(where, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + topic + "-" + partition + "@" + offset);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(java.util.function.Supplier<T> value) {
        return Await.value(value, Duration.ofSeconds(60));
    }
}
