package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.FreePorts;
import io.conduit.testing.KafkaServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outgoing Kafka connections on a node, against a real KRaft broker of the test's own: a send
 * returns where the broker wrote the record, with the call's cid and trace context as headers; a
 * repointed connection sends to its new topic; a broker that is down is a clear error naming the
 * connection, not a hang; ping; a setting that contradicts another is refused.
 */
class KafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaServer broker;
    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() {
        broker = new KafkaServer().start();
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        Reply deployed = node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Produce.java"));
        assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        Reply channel = node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"produce\", \"urlPath\": \"/produce\", \"service\": \"fixtures.produce\", \"method\": \"POST\"}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
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

        await(() -> produce("Orders", "warm-up", 0).status() != 500, Duration.ofSeconds(10));
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
        await(() -> produce("Moving", "k", 1).status() == 200, Duration.ofSeconds(30));
        assertThat(produce("Moving", "k", 2).json().path("topic").asText()).isEqualTo("moving-v1");

        Reply changed = node.admin("PUT", "/conduit/admin/outgoing/kafka/Moving", "{\"name\": \"Moving\","
                + " \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topic\": \"moving-v2\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        await(() -> "moving-v2".equals(produce("Moving", "k", 3).json().path("topic").asText()), Duration.ofSeconds(30));
    }

    @Test
    void aBrokerThatIsDownIsAClearErrorNamingTheConnectionNotAHang() {
        String nowhere = "127.0.0.1:" + FreePorts.next();
        node.admin("POST", "/conduit/admin/outgoing/kafka", "{\"name\": \"Down\", \"bootstrapServers\": \"" + nowhere
                + "\", \"topic\": \"lost\", \"timeoutMs\": 2000}");
        await(() -> produce("Down", "k", 1).status() != 500, Duration.ofSeconds(10));

        Reply failed = produce("Down", "k", 1);
        assertThat(failed.status()).as(failed.body()).isBetween(502, 504);
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

    private static Reply produce(String connection, String key, int n) {
        return node.call("POST", "/produce", "{\"connection\": \"" + connection + "\", \"key\": \"" + key + "\", \"n\": "
                + n + "}", "Content-Type", "application/json");
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

    private static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + timeout).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
