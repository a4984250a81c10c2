package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.conduit.testing.Await;
import io.conduit.testing.KafkaServer;
import io.conduit.testing.RabbitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Work that must outlive a node, on three real nodes: messages of an AMQP channel in the hands of a
 * node killed with {@code kill -9} are delivered again to the others, none lost; a job every second
 * runs once per second in the cluster and goes on elsewhere after {@code kill -9} of a node that ran
 * it; a durable invocation survives {@code kill -9} of the node running it and completes on another;
 * records of a Kafka channel produced in a steady stream through a {@code kill -9} of a consuming
 * node are each handled, none lost (KafkaIT restarts nodes gracefully under a stream); a file whose
 * node is killed mid-file is handled by another node once its claim runs out, and once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SurvivalIT {

    private static final Path SERVICES = Path.of("src/test/resources/services").toAbsolutePath();
    private static Cluster cluster;
    private static RabbitServer broker;
    private static KafkaServer kafka;
    private static final Set<String> alive = new HashSet<>(Set.of("server1", "server2", "server3"));

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.quickstart(3, Map.of("CONDUIT_ASYNC_VISIBILITY_TIMEOUT", "3s"));
        cluster.deploy(SERVICES.resolve("reliability/Echo.java"));
        cluster.deploy(SERVICES.resolve("survival/SlowOnce.java"));
        cluster.deploy(SERVICES.resolve("survival/Trigger.java"));
        cluster.deploy(SERVICES.resolve("survival/TakeOrder.java"));
        cluster.deploy(SERVICES.resolve("survival/TakeFile.java"));
        broker = new RabbitServer().start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(0)
    void amqpMessagesInTheHandsOfANodeKilledMidStreamAreDeliveredAgainToTheOthers() throws Exception {
        Cluster.Reply created = admin("POST", "/conduit/admin/channels/amqp", "{\"name\": \"orders-in\", \"address\": \""
                + broker.address() + "\", \"user\": \"guest\", \"password\": \"guest\", \"queue\": \"survival-orders\","
                + " \"service\": \"survival.take-order\", \"consumers\": 2, \"prefetch\": 20}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await(() -> consuming("orders-in") == 3 ? true : null);
        int count = 3_000;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(broker.port());
        try (Connection connection = factory.newConnection("SurvivalIT"); Channel publisher = connection.createChannel()) {
            publisher.confirmSelect();
            for (int i = 0; i < count; i++) {
                publisher.basicPublish("", "survival-orders", new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .contentType("application/json").correlationId("order-" + i).build(),
                        ("{\"key\": \"survival:orders\", \"id\": " + i + ", \"sleepMs\": 10}").getBytes(UTF_8));
            }
            publisher.waitForConfirmsOrDie(30_000);
        }
        await(() -> list("survival:orders").size() >= 600 ? true : null);
        cluster.kill("server2");
        Set<String> handled = await(() -> {
            Set<String> ids = new HashSet<>(list("survival:orders"));
            return ids.size() >= count ? ids : null;
        });
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(handled).as("every message handled, none lost").isEqualTo(expected);
        List<String> redelivered = list("survival:orders:redelivered");
        assertThat(redelivered).as("the killed node's unacknowledged messages went to the others").isNotEmpty();
        System.out.printf("SurvivalIT: %d messages, server2 killed mid-stream, %d delivered again, %d handled in all%n",
                count, redelivered.size(), list("survival:orders").size());
        // back to three nodes for the tests that follow
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        await(() -> consuming("orders-in") == 3 ? true : null);
    }

    /** After the AMQP test, which leaves three nodes running. */
    @Test
    @Order(1)
    void kafkaRecordsProducedThroughAKill9OfAConsumingNodeAreEachHandled() throws Exception {
        kafka = new KafkaServer().start();
        try (Admin topics = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topics.createTopics(List.of(new NewTopic("survival-kafka", 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Cluster.Reply created = admin("POST", "/conduit/admin/channels/kafka", "{\"name\": \"orders-kafka\","
                + " \"bootstrapServers\": \"" + kafka.bootstrapServers() + "\", \"topics\": [\"survival-kafka\"],"
                + " \"service\": \"survival.take-order\", \"consumers\": 2}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await(() -> kafkaPartitions("orders-kafka") == 6 ? true : null);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Set<String> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            // a steady stream, about 500 records a second, from before the kill to after it
            Thread stream = new Thread(() -> {
                for (int i = 0; producing.get(); i++) {
                    String id = "k-" + i;
                    producer.send(new ProducerRecord<>("survival-kafka", id, "{\"key\": \"survival:kafka\", \"id\": \""
                            + id + "\", \"sleepMs\": 1}"), (metadata, e) -> {
                                if (e == null) {
                                    written.add(id);
                                }
                            });
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // the stream's pace, not a wait for anything
                }
            }, "kafka-stream");
            stream.start();
            await(() -> list("survival:kafka").size() >= 1_000 ? true : null);
            cluster.kill("server2");
            alive.remove("server2");
            int afterKill = list("survival:kafka").size();
            await(() -> list("survival:kafka").size() >= afterKill + 1_000 ? true : null);
            producing.set(false);
            stream.join();
            producer.flush();
        }
        Set<String> handled = await(() -> {
            Set<String> ids = new HashSet<>(list("survival:kafka"));
            return ids.containsAll(written) ? ids : null;
        });
        int duplicates = list("survival:kafka").size() - handled.size();
        System.out.printf("SurvivalIT: %d Kafka records through kill -9 of server2, %d handled twice%n",
                written.size(), duplicates);
        assertThat(handled).as("every record the broker took was handled").containsAll(written);
        // what the killed node had handled but not committed: at most the poll in hand and the one before it (whose
        // commit may not have reached the broker) of each of its two consumers; at this stream's pace (a record every
        // 2 ms, polled as they come) two polls hold far fewer than 250 records
        assertThat(duplicates).isLessThanOrEqualTo(2 * 2 * 250);
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        alive.add("server2");
    }

    /** @return the partitions assigned across the nodes consuming a Kafka channel */
    private static long kafkaPartitions(String channel) {
        return sumOfRows("kafka", channel, row -> row.path("partitions").size());
    }

    /** @return how many nodes consume an AMQP channel, as the admin API says */
    private static long consuming(String channel) {
        return sumOfRows("amqp", channel, row -> row.path("state").asText().equals("consuming") ? 1 : 0);
    }

    /** @return a figure of each node's row of a consuming channel, added up; -1 when the admin API does not answer */
    private static long sumOfRows(String kind, String channel, ToLongFunction<JsonNode> figure) {
        Cluster.Reply rows = cluster.admin("GET", "/conduit/admin/channels/" + kind + "/" + channel + "/consumers", null);
        if (rows.status() != 200) {
            return -1;
        }
        long n = 0;
        for (JsonNode row : rows.json()) {
            n += figure.applyAsLong(row);
        }
        return n;
    }

    @Test
    @Order(2)
    void aJobEverySecondRunsOncePerDueTimeAndAfterAKillTheOtherNodesRunIt() {
        Cluster.Reply created = cluster.admin("POST", "/conduit/admin/scheduler/jobs", "{\"name\": \"tick\", \"service\":"
                + " \"reliability.echo\", \"type\": \"interval\", \"every\": \"1s\", \"payload\": {\"from\": \"the scheduler\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Cluster.Reply cron = cluster.admin("POST", "/conduit/admin/scheduler/jobs", "{\"name\": \"at-tens\", \"service\":"
                + " \"reliability.echo\", \"type\": \"cron\", \"cron\": \"*/10 * * * * *\", \"timeZone\": \"Europe/Berlin\"}");
        assertThat(cron.status()).as(cron.body()).isEqualTo(201);
        Instant first = Instant.parse(await(() -> {
            List<JsonNode> h = history();
            return h.isEmpty() ? null : h.get(h.size() - 1).path("scheduledAt").asText();
        }));
        // halfway, kill the node that ran the latest run
        JsonNode latest = await(() -> {
            List<JsonNode> h = history();
            return !h.isEmpty() && Instant.parse(h.get(0).path("scheduledAt").asText()).isAfter(first.plusSeconds(14))
                    ? h.get(0) : null;
        });
        String victim = latest.path("node").asText();
        cluster.kill(victim);
        alive.remove(victim);
        Instant killedAfter = Instant.parse(latest.path("scheduledAt").asText());
        Instant end = first.plusSeconds(29);
        await(() -> history().stream().anyMatch(r -> !Instant.parse(r.path("scheduledAt").asText()).isBefore(end))
                ? true : null);
        admin("PUT", "/conduit/admin/scheduler/jobs/tick", "{\"service\": \"reliability.echo\", \"type\": \"interval\","
                + " \"every\": \"1s\", \"active\": false}");

        List<JsonNode> window = history().stream().filter(r -> {
            Instant at = Instant.parse(r.path("scheduledAt").asText());
            return !at.isBefore(first) && !at.isAfter(end);
        }).toList();
        Set<String> dueTimes = new HashSet<>();
        window.forEach(r -> dueTimes.add(r.path("scheduledAt").asText()));
        assertThat(dueTimes).as("never twice for one due time").hasSize(window.size());
        assertThat(window.size()).as("30 due times in 30 s, one of them perhaps claimed by the node killed")
                .isBetween(29, 31);
        assertThat(window).allMatch(r -> r.path("outcome").asText().equals("ok"));
        List<JsonNode> afterKill = window.stream()
                .filter(r -> Instant.parse(r.path("scheduledAt").asText()).isAfter(killedAfter.plusSeconds(1))).toList();
        assertThat(afterKill).isNotEmpty().noneMatch(r -> r.path("node").asText().equals(victim));

        // the cron job, created with the interval one, fired at its seconds (:00, :10, ...), each once
        List<JsonNode> tens = history("at-tens");
        assertThat(tens).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode run : tens) {
            Instant at = Instant.parse(run.path("scheduledAt").asText());
            assertThat(at.getEpochSecond() % 10).as(run.toString()).isZero();
            assertThat(at.getNano()).isZero();
            assertThat(Duration.between(at, Instant.parse(run.path("startedAt").asText()))).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(tens.stream().map(r -> r.path("scheduledAt").asText()).distinct().count()).isEqualTo(tens.size());
    }

    @Test
    @Order(3)
    void aDurableInvocationSurvivesKill9OfTheNodeRunningItAndCompletesElsewhere() {
        admin("POST", "/conduit/admin/invoke/survival.trigger", "{\"key\": \"survival:attempts\"}");
        await(() -> list("survival:attempts").contains("attempt 1") ? true : null);
        String runner = await(SurvivalIT::consumerWithPendingWork);
        assertThat(alive).contains(runner);
        cluster.kill(runner);
        List<String> attempts = await(() -> {
            List<String> l = list("survival:attempts");
            return l.contains("done 2") ? l : null;
        });
        assertThat(attempts).containsExactly("done 2", "attempt 2", "attempt 1");
    }

    @Test
    @Order(4)
    void aFileWhoseNodeIsKilledMidFileIsHandledByAnotherNodeOnce() throws Exception {
        // the nodes the tests before killed start again
        Cluster.Result start = cluster.conduit("start", cluster.dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        alive.addAll(Set.of("server1", "server2", "server3"));
        Path drop = Files.createTempDirectory("conduit-survival-drop-");
        admin("POST", "/conduit/admin/channels/file", "{\"name\": \"drop\", \"address\": \"file://" + drop
                + "\", \"pattern\": \"*.csv\", \"pollEvery\": \"300ms\", \"service\": \"survival.take-file\"}");
        await(() -> sumOfRows("file", "drop", row -> row.path("state").asText().equals("polling") ? 1 : 0) == 3
                ? true : null);
        Files.writeString(drop.resolve("hold-1.csv"), "id\n1\n");
        for (int i = 0; i < 20; i++) {
            Files.writeString(drop.resolve("file-" + i + ".csv"), "id\n" + i + "\n");
        }
        await(() -> list("survival:holding").contains("hold-1.csv") ? true : null);
        // the node holding it: the claim of the file that is not done yet says which
        String claim = await(() -> {
            String cursor = "0";
            do {
                Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(kvdb("SCAN " + cursor
                        + " MATCH conduit:channels:file:drop:claim:* COUNT 1000"));
                cursor = m.find() ? m.group(1) : "0";
                while (m.find()) {
                    String holder = kvdb("GET " + m.group(1));
                    if (!holder.contains("done by")) {
                        return holder;
                    }
                }
            } while (!cursor.equals("0"));
            return null;
        });
        String holder = claim.replaceAll("^\"?(server\\d).*", "$1");
        assertThat(alive).as(claim).contains(holder);
        cluster.kill(holder);
        alive.remove(holder);
        kvdb("SET release:hold-1.csv yes");

        // the claim runs out (15 s), another node takes the file, and handles it
        List<String> files = Await.value(() -> {
            List<String> l = list("survival:files");
            return l.contains("hold-1.csv") && l.size() >= 21 ? l : null;
        }, Duration.ofSeconds(90));
        assertThat(list("survival:holding")).as("held on the killed node, then on another").hasSize(2);
        assertThat(files).as("each file handled once").hasSize(21).doesNotHaveDuplicates();
        Await.until(() -> {
            try (Stream<Path> done = Files.list(drop.resolve("done"))) {
                return done.count() == 21;
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        try (Stream<Path> left = Files.list(drop)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("done");
        }
    }

    // ---- helpers

    /**
     * An admin call through HAProxy, again until it succeeds: just after a kill, HAProxy may still send
     * a call to the dead node until its health check sees it gone.
     */
    private static Cluster.Reply admin(String method, String path, String body) {
        return await(() -> {
            Cluster.Reply reply = cluster.admin(method, path, body);
            return reply.status() / 100 == 2 ? reply : null;
        });
    }

    private static List<JsonNode> history() {
        return history("tick");
    }

    private static List<JsonNode> history(String job) {
        Cluster.Reply reply = admin("GET", "/conduit/admin/scheduler/jobs/" + job + "/history", null);
        List<JsonNode> rows = new ArrayList<>();
        reply.json().forEach(rows::add);
        return rows;
    }

    private static String kvdb(String command) {
        return admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"" + command + "\"}").json()
                .path("result").asText();
    }

    private static List<String> list(String key) {
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(kvdb("LRANGE " + key + " 0 -1"));
        while (m.find()) {
            items.add(m.group(1));
        }
        return items;
    }

    /** @return the node whose consumer holds the durable invocation now, from XINFO CONSUMERS */
    private static String consumerWithPendingWork() {
        String info = kvdb("XINFO CONSUMERS conduit:async:stream conduit-workers");
        Matcher m = Pattern.compile("\"name\"\\s+\\d+\\)\\s+\"(server\\d)\"\\s+\\d+\\)\\s+\"pending\"\\s+\\d+\\)\\s+\\(integer\\)"
                + "\\s+(\\d+)").matcher(info);
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) > 0) {
                return m.group(1);
            }
        }
        return null;
    }

    private static <T> T await(Supplier<T> check) {
        return Await.value(check, Duration.ofSeconds(60));
    }
}
