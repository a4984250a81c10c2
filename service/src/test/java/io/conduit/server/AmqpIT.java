package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.Await;
import io.conduit.testing.RabbitServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AMQP channels and outgoing AMQP connections on two nodes, against a real RabbitMQ broker of the
 * test's own: 10,000 messages each handled once; a failing message dead-lettered after its attempts;
 * a channel deactivated mid-stream loses and acknowledges nothing unprocessed; a broker restart under
 * publishing loses no confirmed message; an unroutable message is an error.
 */
class AmqpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bulk test's first message: its service records what it saw of its headers and text. */
    private static final String FIRST = "{\"key\": \"amqp:bulk\", \"id\": 0, \"raw\": true,"
            + " \"headers\": [\"correlation-id\", \"amqp-routing-key\", \"content-type\"]}";
    private static RabbitServer broker;
    private static TestCluster cluster;
    private static TestNode one;
    private static TestNode two;
    private static Redis redis;
    private static Connection client;

    @BeforeAll
    static void start() throws Exception {
        broker = new RabbitServer().start();
        cluster = TestCluster.h2();
        one = cluster.start("server1");
        two = cluster.start("server2");
        redis = TestRedis.client(cluster.redis());
        for (String service : List.of("Consume", "Publish")) {
            Reply deployed = one.admin("POST", "/conduit/admin/services", Fixtures.text("services/" + service + ".java"));
            assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        }
        one.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"publish\", \"urlPath\": \"/publish\", \"service\": \"fixtures.publish\", \"method\": \"POST\"}");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(broker.port());
        client = factory.newConnection("AmqpIT");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null && client.isOpen()) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void tenThousandMessagesOnTwoNodesAreEachHandledOnce() throws Exception {
        channel("bulk", "bulk", 4, 50, 3);
        int count = 10_000;
        long start = System.nanoTime();
        try (Channel publisher = client.createChannel()) {
            publisher.confirmSelect();
            publish(publisher, "bulk", FIRST, "order-0");
            for (int i = 1; i < count; i++) {
                publish(publisher, "bulk", "{\"key\": \"amqp:bulk\", \"id\": " + i + "}", "order-" + i);
            }
            publisher.waitForConfirmsOrDie(30_000);
        }
        Await.until(() -> redis.pool().llen("amqp:bulk") >= count, Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> ids = redis.pool().lrange("amqp:bulk", 0, -1);
        assertThat(ids).hasSize(count);
        assertThat(new HashSet<>(ids)).as("each message once").hasSize(count);
        Await.until(() -> handled("bulk", "server1") + handled("bulk", "server2") == count, Duration.ofSeconds(10));
        assertThat(handled("bulk", "server1")).as("server1 took part").isPositive();
        assertThat(handled("bulk", "server2")).as("server2 took part").isPositive();
        JsonNode row = consumers("bulk").get(0);
        assertThat(row.path("state").asText()).isEqualTo("consuming");
        assertThat(row.path("consumers").asInt()).isEqualTo(4);
        assertThat(row.path("last").path("correlationId").asText()).startsWith("order-");
        assertThat(row.path("last").path("cid").asText()).isNotEmpty();
        assertThat(redis.pool().lrange("amqp:bulk:headers", 0, -1)).as("what the service saw of the first message")
                .containsExactlyInAnyOrder("correlation-id=order-0", "amqp-routing-key=bulk",
                        "content-type=application/json");
        assertThat(redis.pool().lrange("amqp:bulk:raw", 0, -1)).containsExactly(FIRST);
        System.out.printf("AmqpIT: %d messages published and handled by two nodes in %.1f s (%.0f/s)%n", count, seconds,
                count / seconds);
    }

    @Test
    void eachNodesRowCountsTheMessagesWaitingInTheQueue() throws Exception {
        channel("slow", "slow", 1, 1, 3);
        int count = 30;
        try (Channel publisher = client.createChannel()) {
            publisher.confirmSelect();
            for (int i = 0; i < count; i++) {
                publish(publisher, "slow", "{\"key\": \"amqp:slow\", \"id\": " + i + ", \"sleepMs\": 300}", "s-" + i);
            }
            publisher.waitForConfirmsOrDie(10_000);
        }
        // two messages in hand at a time, 300 ms each: the rest wait for seconds, and the rows say how many
        Await.until(() -> consumers("slow").stream().anyMatch(r -> r.path("queued").asLong(0) > 0), Duration.ofSeconds(10));
        Await.until(() -> redis.pool().llen("amqp:slow") >= count, Duration.ofSeconds(60));
        Await.until(() -> consumers("slow").stream().allMatch(r -> r.path("queued").isNumber()
                && r.path("queued").asLong() == 0), Duration.ofSeconds(10));
        assertThat(one.admin("DELETE", "/conduit/admin/channels/amqp/slow", null).status()).isEqualTo(204);
    }

    @Test
    void aFailingMessageEndsInTheDeadLetterQueueAfterMaxAttempts() throws Exception {
        channel("failing", "failing", 1, 10, 3);
        try (Channel publisher = client.createChannel()) {
            publish(publisher, "failing", "{\"key\": \"amqp:failing\", \"id\": 1, \"fail\": true}", "bad-order");
            publish(publisher, "failing", "{\"key\": \"amqp:failing\", \"id\": 2}", "good-order");
            GetResponse[] dead = new GetResponse[1];
            Await.until(() -> (dead[0] = get(publisher, "failing.dead-letter")) != null, Duration.ofSeconds(30));
            assertThat(dead[0].getProps().getCorrelationId()).isEqualTo("bad-order");
            assertThat(dead[0].getProps().getHeaders().get("x-conduit-attempt")).isEqualTo(3);
            assertThat(new String(dead[0].getBody(), StandardCharsets.UTF_8)).contains("\"fail\": true");
        }
        Await.until(() -> redis.pool().llen("amqp:failing") == 1, Duration.ofSeconds(10));
        assertThat(redis.pool().lrange("amqp:failing", 0, -1)).containsExactly("2");
        Await.until(() -> sum("failing", "deadLettered") == 1 && sum("failing", "failed") == 3, Duration.ofSeconds(10));
        JsonNode failure = null;
        for (JsonNode row : consumers("failing")) {
            if (!row.path("lastFailure").isNull() && !row.path("lastFailure").isMissingNode()) {
                failure = row.path("lastFailure");
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.path("correlationId").asText()).isEqualTo("bad-order");
        assertThat(failure.path("error").asText()).contains("fails on purpose");
    }

    @Test
    void aChannelDeactivatedMidStreamLosesNothingAndAcknowledgesNothingUnprocessed() throws Exception {
        channel("paused", "paused", 2, 20, 3);
        int count = 1_000;
        try (Channel publisher = client.createChannel()) {
            publisher.confirmSelect();
            for (int i = 0; i < count; i++) {
                publish(publisher, "paused", "{\"key\": \"amqp:paused\", \"id\": " + i + ", \"sleepMs\": 3}", "p-" + i);
            }
            publisher.waitForConfirmsOrDie(10_000);
        }
        Await.until(() -> redis.pool().llen("amqp:paused") >= 100, Duration.ofSeconds(30));
        Reply off = one.admin("PUT", "/conduit/admin/channels/amqp/paused", channelJson("paused", "paused", 2, 20, 3, false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        Await.until(() -> consumers("paused").stream().allMatch(r -> r.path("consumers").asInt() == 0), Duration.ofSeconds(20));
        long handledAtStop = redis.pool().llen("amqp:paused");
        long waiting;
        try (Channel probe = client.createChannel()) {
            waiting = probe.queueDeclarePassive("paused").getMessageCount();
        }
        assertThat(handledAtStop).as("stopped before the end").isLessThan(count);
        assertThat(handledAtStop + waiting).as("handled plus waiting: nothing lost, nothing acked unhandled")
                .isEqualTo(count);
        Reply on = one.admin("PUT", "/conduit/admin/channels/amqp/paused", channelJson("paused", "paused", 2, 20, 3, true));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        Await.until(() -> redis.pool().llen("amqp:paused") >= count, Duration.ofSeconds(60));
        assertThat(new HashSet<>(redis.pool().lrange("amqp:paused", 0, -1))).hasSize(count);
        Reply deleted = one.admin("DELETE", "/conduit/admin/channels/amqp/paused", null);
        assertThat(deleted.status()).isEqualTo(204);
        Await.until(() -> {
            try (Channel probe = client.createChannel()) {
                return probe.queueDeclarePassive("paused").getConsumerCount() == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(20));
    }

    @Test
    void aBrokerRestartUnderPublishingLosesNoConfirmedMessage() throws Exception {
        try (Channel setup = client.createChannel()) {
            setup.queueDeclare("confirmations", true, false, false, null);
        }
        outgoing("{\"name\": \"Confirmations\", \"address\": \"" + broker.address() + "\", \"user\": \"guest\","
                + " \"password\": \"guest\", \"exchange\": \"\", \"routingKey\": \"confirmations\", \"timeoutMs\": 2000}");
        Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> otherErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            TestNode node = t % 2 == 0 ? one : two;
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    int n = next.getAndIncrement();
                    Reply r = node.call("POST", "/publish", "{\"connection\": \"Confirmations\", \"n\": " + n + "}",
                            "Content-Type", "application/json");
                    if (r.status() == 200) {
                        confirmed.add(n);
                    } else if (r.status() == 502 || r.status() == 504) {
                        refused.incrementAndGet();
                    } else {
                        otherErrors.add(r.status() + " " + r.body());
                    }
                }
            });
            worker.start();
            load.add(worker);
        }
        Await.until(() -> confirmed.size() >= 300, Duration.ofSeconds(30));
        client.close();
        broker.stop();
        int beforeRestart = confirmed.size();
        broker.start();
        long restarted = System.nanoTime();
        Await.until(() -> confirmed.size() >= beforeRestart + 300, Duration.ofSeconds(60), () -> String.format(
                "%d confirmed since the broker restarted %d ms ago (%d before), %d refused, other replies: %s",
                confirmed.size() - beforeRestart, (System.nanoTime() - restarted) / 1_000_000, beforeRestart,
                refused.get(), otherErrors.subList(0, Math.min(3, otherErrors.size()))));
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(broker.port());
        client = factory.newConnection("AmqpIT");
        Set<Integer> inQueue = new HashSet<>();
        try (Channel reader = client.createChannel()) {
            GetResponse message;
            while ((message = reader.basicGet("confirmations", true)) != null) {
                inQueue.add(JSON.readTree(message.getBody()).path("n").asInt());
                assertThat(message.getProps().getHeaders().get("sent-by").toString()).isEqualTo("fixtures.publish");
            }
        }
        assertThat(otherErrors).isEmpty();
        assertThat(inQueue).as("every confirmed message is in the queue after the restart").containsAll(confirmed);
        System.out.printf("AmqpIT: broker restart under publishing: %d confirmed (%d before the restart), %d refused"
                + " with an error, %d in the queue%n", confirmed.size(), beforeRestart, refused.get(), inQueue.size());
    }

    @Test
    void aMessageNoQueueTakesIsAnErrorThatSaysSo() {
        outgoing("{\"name\": \"Nowhere\", \"address\": \"" + broker.address() + "\", \"user\": \"guest\", \"password\":"
                + " \"guest\", \"exchange\": \"amq.direct\", \"routingKey\": \"nobody-listens\"}");
        Await.until(() -> two.call("POST", "/publish", "{\"connection\": \"Nowhere\", \"n\": 1}",
                "Content-Type", "application/json").status() != 500, Duration.ofSeconds(10));
        Reply reply = two.call("POST", "/publish", "{\"connection\": \"Nowhere\", \"n\": 1}",
                "Content-Type", "application/json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(502);
        assertThat(reply.json().path("error").asText()).contains("'Nowhere'", "no queue is bound", "nobody-listens")
                .doesNotContain("guest");
    }

    private static void channel(String name, String queue, int consumers, int prefetch, int attempts) {
        Reply created = one.admin("POST", "/conduit/admin/channels/amqp",
                channelJson(name, queue, consumers, prefetch, attempts, true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("\"password\"");
        Await.until(() -> consumers(name).size() == 2 && consumers(name).stream()
                .allMatch(r -> r.path("state").asText().equals("consuming")), Duration.ofSeconds(20));
    }

    private static String channelJson(String name, String queue, int consumers, int prefetch, int attempts,
                                      boolean active) {
        return "{\"name\": \"" + name + "\", \"address\": \"" + broker.address() + "\", \"user\": \"guest\","
                + " \"password\": \"guest\", \"queue\": \"" + queue + "\", \"service\": \"fixtures.consume\","
                + " \"consumers\": " + consumers + ", \"prefetch\": " + prefetch + ", \"maxAttempts\": " + attempts
                + ", \"active\": " + active + "}";
    }

    private static void outgoing(String json) {
        Reply created = one.admin("POST", "/conduit/admin/outgoing/amqp", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void publish(Channel channel, String queue, String body, String correlationId) throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).correlationId(correlationId).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static GetResponse get(Channel channel, String queue) {
        try {
            return channel.basicGet(queue, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> consumers(String channel) {
        Reply reply = one.admin("GET", "/conduit/admin/channels/amqp/" + channel + "/consumers", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.json().forEach(rows::add);
        return rows;
    }

    private static long handled(String channel, String node) {
        return consumers(channel).stream().filter(r -> r.path("node").asText().equals(node))
                .mapToLong(r -> r.path("handled").asLong()).sum();
    }

    private static long sum(String channel, String field) {
        return consumers(channel).stream().mapToLong(r -> r.path(field).asLong()).sum();
    }
}
