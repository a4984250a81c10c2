package io.conduit.bench.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.bench.QuickstartCluster;
import io.conduit.bench.Results;
import io.conduit.testing.KafkaServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench/kafka/run}: records a second through a Kafka channel into a trivial service on one
 * node, against a hand-written kafka-clients consumer loop doing the same work (parse the record's
 * JSON, read a field, commit after handling without waiting for the broker, as the channel does; a
 * second loop waits for each commit), one consumer each, same broker, same run; and the
 * latency of a produce through an HTTP channel with {@code acks=all}, against a hand-written
 * {@code send().get()}. Rounds alternate the contenders; medians are written into
 * {@code bench/RESULTS.md}. Never part of the tests.
 */
public final class KafkaBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PARTITIONS = 4;
    private static final String COUNT = """
            package bench;

            import io.conduit.api.Service;

            /** Reads the record's "n": the work of the hand-written loop it is measured against. */
            public class Count extends Service {
                @Override
                public void handle() {
                    if (request().payload().path("n").asLong(-1) < 0) {
                        throw new IllegalArgumentException("no n");
                    }
                }
            }
            """;
    private static final String SEND = """
            package bench;

            import io.conduit.api.KafkaConnection;
            import io.conduit.api.Service;
            import java.util.Map;

            /** Sends the request's payload to the outgoing Kafka connection "Bench" and answers where it went. */
            public class Send extends Service {
                @Override
                public void handle() {
                    KafkaConnection.Sent sent = outgoing().kafka("Bench").send(request().payload().path("id").asText(),
                            request().payload());
                    response().setPayload(Map.of("partition", sent.partition(), "offset", sent.offset()));
                }
            }
            """;

    private final QuickstartCluster cluster;
    private final KafkaServer broker;
    private final int records;
    private final Admin admin;

    private KafkaBench(QuickstartCluster cluster, KafkaServer broker, int records) {
        this.cluster = cluster;
        this.broker = broker;
        this.records = records;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("conduit.home", ".")).toAbsolutePath().normalize();
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 3_000_000;
        try (KafkaServer broker = new KafkaServer().start()) {
            KafkaBench bench = new KafkaBench(new QuickstartCluster(dir, 1), broker, records);
            try {
                bench.run(home, rounds);
            } finally {
                bench.admin.close(Duration.ofSeconds(2));
            }
        }
    }

    private void run(Path home, int rounds) throws Exception {
        cluster.post("/conduit/admin/services?name=Count.java", COUNT, "text/x-java-source");
        cluster.post("/conduit/admin/services?name=Send.java", SEND, "text/x-java-source");
        cluster.post("/conduit/admin/outgoing/kafka", JSON.createObjectNode().put("name", "Bench")
                .put("bootstrapServers", broker.bootstrapServers()).put("topic", "bench-produce").toString(),
                "application/json");
        cluster.post("/conduit/admin/channels/http", "{\"name\": \"send\", \"urlPath\": \"/send\", \"service\":"
                + " \"bench.send\", \"method\": \"POST\"}", "application/json");
        List<Double> channel = new ArrayList<>();
        List<Double> loop = new ArrayList<>();
        List<Double> waitingLoop = new ArrayList<>();
        List<double[]> viaHttp = new ArrayList<>();
        List<double[]> direct = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // the contenders take turns going first: none always reads right after another's topic was filled
            double[] rates = new double[3];
            for (int turn = 0; turn < 3; turn++) {
                int contender = (round + turn) % 3;
                rates[contender] = contender == 0 ? throughChannel(round) : throughLoop(round, contender == 1);
            }
            channel.add(rates[0]);
            loop.add(rates[1]);
            waitingLoop.add(rates[2]);
            log("round %d: channel %.0f records/s, hand-written loop %.0f records/s (%.2fx), one waiting for each"
                    + " commit %.0f records/s (%.2fx)", round, rates[0], rates[1], rates[0] / rates[1], rates[2],
                    rates[0] / rates[2]);
            double[] http = produceViaHttp(2_000);
            double[] send = produceDirect(2_000);
            viaHttp.add(http);
            direct.add(send);
            log("round %d: produce p50/p99 through HTTP %.2f/%.2f ms, send().get() %.2f/%.2f ms", round, http[0],
                    http[1], send[0], send[1]);
        }
        // the first half of the rounds warms the JVMs up (each still speeds up over three or four rounds)
        int warm = rounds / 2;
        List<Double> ratios = new ArrayList<>();
        List<Double> waitingRatios = new ArrayList<>();
        for (int i = warm; i < rounds; i++) {
            ratios.add(channel.get(i) / loop.get(i));
            waitingRatios.add(waitingLoop.get(i) / loop.get(i));
        }
        String report = report(rounds, warm, Results.median(channel.subList(warm, rounds)),
                Results.median(loop.subList(warm, rounds)), ratios, Results.median(waitingLoop.subList(warm, rounds)),
                waitingRatios, median(viaHttp, 0), median(viaHttp, 1), median(direct, 0), median(direct, 1));
        Results.writeInto(home.resolve("bench/RESULTS.md"), "kafka", report);
        System.out.println(report);
    }

    /** Fills a topic of its own, then times a channel of one consumer reading it into the service. */
    private double throughChannel(int round) throws Exception {
        String topic = fill("bench-channel-" + round);
        String name = "bench-" + round;
        cluster.post("/conduit/admin/channels/kafka", JSON.createObjectNode().put("name", name)
                .put("bootstrapServers", broker.bootstrapServers()).put("service", "bench.count")
                .set("topics", JSON.createArrayNode().add(topic)).toString(), "application/json");
        double rate = rate(() -> committed("conduit-" + name));
        cluster.delete("/conduit/admin/channels/kafka/" + name);
        return rate;
    }

    /**
     * The same work hand-written: poll, parse each value, read its "n", commit the batch once handled,
     * without waiting for the broker ({@code async}, as the channel does) or waiting (as Kafka's javadoc
     * writes it).
     */
    private double throughLoop(int round, boolean async) throws Exception {
        String group = (async ? "bench-async-loop-" : "bench-loop-") + round;
        String topic = fill(group);
        AtomicLong handled = new AtomicLong();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (handled.get() < records) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        if (JSON.readTree(record.value()).path("n").asLong(-1) < 0) {
                            throw new IllegalArgumentException("no n");
                        }
                        handled.incrementAndGet();
                    }
                    if (!batch.isEmpty()) {
                        if (async) {
                            consumer.commitAsync();
                        } else {
                            consumer.commitSync();
                        }
                    }
                }
                consumer.commitSync();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "hand-written-loop");
        thread.start();
        double rate = rate(() -> committed(group));
        thread.join();
        return rate;
    }

    /**
     * @return records a second between the tenth and the last record handled (the group's join
     *     left out)
     */
    private double rate(LongSupplier handled) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long from = 0;
        long fromCount = 0;
        while (true) {
            long n = handled.getAsLong();
            long now = System.nanoTime();
            if (from == 0 && n >= records / 10) {
                from = now;
                fromCount = n;
            }
            if (n >= records) {
                return (n - fromCount) / ((now - from) / 1e9);
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + n + " of " + records + " records handled in 10 minutes");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** @return the records a consumer group committed: handled, for both contenders (each commits after handling) */
    private long committed(String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String fill(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // loading, not measured: a producer that is not idempotent shrugs off a new partition's first
        // NOT_LEADER_OR_FOLLOWER (an idempotent one can loop on OUT_OF_ORDER_SEQUENCE_NUMBER after it)
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> why = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.partitionsFor(topic); // its leaders known before the first record
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k-" + i, "{\"n\": " + i + ", \"customer\": \"c-" + (i % 977)
                        + "\", \"total\": 99.5}"), (metadata, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                why.set(e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records of " + topic + " not written", why.get());
        }
        return topic;
    }

    /** @return p50 and p99 in ms of {@code calls} sequential produces through the HTTP channel /send */
    private double[] produceViaHttp(int calls) throws Exception {
        String url = cluster.nodes().get(0) + "/send";
        double[] times = new double[calls];
        for (int i = -calls / 4; i < calls; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"o-" + i + "\", \"total\": 1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/send: " + r.statusCode() + " " + r.body());
            }
            if (i >= 0) {
                times[i] = Results.millisSince(start);
            }
        }
        return percentiles(times);
    }

    /** @return p50 and p99 in ms of {@code calls} sequential {@code send().get()} with acks=all, idempotent */
    private double[] produceDirect(int calls) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        double[] times = new double[calls];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = -calls / 4; i < calls; i++) {
                long start = System.nanoTime();
                JsonNode body = JSON.createObjectNode().put("id", "o-" + i).put("total", 1);
                producer.send(new ProducerRecord<>("bench-produce", "o-" + i, JSON.writeValueAsString(body))).get();
                if (i >= 0) {
                    times[i] = Results.millisSince(start);
                }
            }
        }
        return percentiles(times);
    }

    private static double[] percentiles(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1]};
    }

    private static double median(List<double[]> rounds, int i) {
        return Results.median(rounds.stream().map(r -> r[i]).toList());
    }

    private String report(int rounds, int warm, double channel, double loop, List<Double> ratios, double waitingLoop,
                          List<Double> waitingRatios, double httpP50, double httpP99, double sendP50, double sendP99) {
        double ratio = Results.median(ratios);
        String cpu = System.getProperty("os.name") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        return String.join("\n",
                "## Kafka",
                "",
                "`bench/kafka/run`: " + cpu + ", Java " + System.getProperty("java.version") + ", " + LocalDate.now()
                        + ". One KRaft broker (kafka_2.13 as pom.xml pins it"
                        + ", its own JVM), a quickstart cluster of one node; " + rounds + " rounds, the first " + warm
                        + " left out as warm-up, medians of the others shown; a ratio is the median of the"
                        + " rounds' ratios (the channel's " + range(ratios) + "). Each"
                        + " round fills a topic of " + PARTITIONS + " partitions with " + records + " JSON records for"
                        + " each contender, then times one consumer reading it, from the tenth record handled to the"
                        + " last, as the group's committed offsets say (all commit once they handled a poll's records);"
                        + " the contenders take turns going first."
                        + " The baseline is a hand-written kafka-clients loop in the benchmark's JVM, which runs with"
                        + " a node's JVM options (`service/jvm.options`: the same heap and JIT threads), doing the"
                        + " same work on one thread: poll (Kafka's default of at most 500 records), parse each value,"
                        + " read its field, commit the poll's offsets once handled without waiting for the broker"
                        + " (`commitAsync`, as the channel does), and wait for the last commit (`commitSync`) at the"
                        + " end. The second loop waits for every commit (`commitSync` per poll, as Kafka's javadoc"
                        + " writes it). The channel polls at most 2,000 records and commits on one thread while the"
                        + " service runs on another; the poller reads the next batch's values while the service is"
                        + " busy, the service's thread reads those it did not get to.",
                "",
                "| consumer | records/s | ratio to baseline |",
                "|---|---|---|",
                String.format(Locale.ROOT, "| baseline: hand-written poll loop, `commitAsync` per poll | %.0f | 1.00x |",
                        loop),
                String.format(Locale.ROOT, "| hand-written poll loop, `commitSync` per poll | %.0f | %.2fx |",
                        waitingLoop, Results.median(waitingRatios)),
                String.format(Locale.ROOT, "| Kafka channel into a service (spans, statistics, a commit per poll) | %.0f"
                        + " | %.2fx |", channel, ratio),
                "",
                "Produce latency, 2,000 sequential sends after 500 of warm-up, `acks=all`, idempotent:",
                "",
                "| producer | p50 ms | p99 ms | p99 ratio to baseline |",
                "|---|---|---|---|",
                String.format(Locale.ROOT, "| baseline: hand-written `send().get()` | %.2f | %.2f | 1.00x |", sendP50,
                        sendP99),
                String.format(Locale.ROOT, "| HTTP channel -> service -> outgoing Kafka connection | %.2f | %.2f |"
                        + " %.2fx |", httpP50, httpP99, httpP99 / sendP99),
                "",
                String.format(Locale.ROOT, "- Goal: the channel at least 0.8x the hand-written loop: %.2fx.", ratio),
                "");
    }

    private static String range(List<Double> ratios) {
        return String.format(Locale.ROOT, "%.2fx to %.2fx", ratios.stream().mapToDouble(r -> r).min().orElse(0),
                ratios.stream().mapToDouble(r -> r).max().orElse(0));
    }

    private static void log(String format, Object... args) {
        System.err.println("bench/kafka: " + String.format(Locale.ROOT, format, args));
    }
}
