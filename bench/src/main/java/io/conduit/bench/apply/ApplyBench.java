package io.conduit.bench.apply;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.bench.QuickstartCluster;
import io.conduit.bench.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench/apply/run}: how long a configuration of 1,000 objects takes to be live on every node
 * of a two-node cluster, made by one apply (one release), against the same objects made the way one
 * did before configuration as code: one admin API call each. Both are timed from the first request
 * until every node serves the last object. Rounds alternate the two; medians are written into
 * {@code bench/RESULTS.md}. Never part of the tests.
 */
public final class ApplyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = """
            package bench;

            import io.conduit.api.Service;
            import java.util.Map;

            /** Answers at once. */
            public class Quick extends Service {
                @Override
                public void handle() {
                    response().setPayload(Map.of("ok", true));
                }
            }
            """;

    private final Path home;
    private final int objects;
    private final QuickstartCluster cluster;
    private final List<String> nodes;

    private ApplyBench(Path home, Path cluster, int objects, int servers) throws IOException {
        this.home = home;
        this.objects = objects;
        this.cluster = new QuickstartCluster(cluster, servers);
        this.nodes = this.cluster.nodes();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("conduit.home", ".")).toAbsolutePath().normalize();
        Path cluster = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int objects = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        new ApplyBench(home, cluster, objects, 2).run(rounds);
    }

    private void run(int rounds) throws Exception {
        cluster.post("/conduit/admin/services?name=Quick.java", SERVICE, "text/x-java-source");
        List<Double> applyLive = new ArrayList<>();
        List<Double> applyCall = new ArrayList<>();
        List<Double> oneByOne = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String prefix = "apply" + round;
            long start = System.nanoTime();
            JsonNode made = cluster.post("/conduit/admin/releases", apply(prefix).toString(), "application/json");
            double call = Results.millisSince(start);
            awaitServed(prefix);
            double live = Results.millisSince(start);
            applyCall.add(call);
            applyLive.add(live);
            log("round %d: apply of %d channels, release %s: call %.0f ms, live on every node %.0f ms", round, objects,
                    made.path("release").asText(), call, live);
            prune();

            prefix = "api" + round;
            start = System.nanoTime();
            for (int i = 0; i < objects; i++) {
                cluster.post("/conduit/admin/channels/http", channel(prefix, i).toString(), "application/json");
            }
            awaitServed(prefix);
            double each = Results.millisSince(start);
            oneByOne.add(each);
            log("round %d: %d admin API calls, live on every node %.0f ms", round, objects, each);
            prune();
        }
        String report = report(rounds, Results.median(applyCall), Results.median(applyLive), Results.median(oneByOne));
        Results.writeInto(home.resolve("bench/RESULTS.md"), "apply", report);
        System.out.println(report);
    }

    private ObjectNode apply(String prefix) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("baseRelease", newest());
        ArrayNode channels = request.putObject("config").putArray("channels-http");
        for (int i = 0; i < objects; i++) {
            channels.add(channel(prefix, i));
        }
        return request;
    }

    private static ObjectNode channel(String prefix, int i) {
        return JSON.createObjectNode().put("name", prefix + "-" + i).put("urlPath", "/" + prefix + "/" + i)
                .put("service", "bench.quick");
    }

    /** Back to no channel at all, in one release, so every round starts from the same configuration. */
    private void prune() throws Exception {
        JsonNode now = cluster.get("/conduit/admin/config");
        ObjectNode request = JSON.createObjectNode();
        request.put("baseRelease", now.path("release").asLong());
        ObjectNode config = request.putObject("config");
        now.path("config").fields().forEachRemaining(e -> config.set(e.getKey(),
                e.getKey().equals("channels-http") ? JSON.createArrayNode() : e.getValue()));
        request.set("services", now.path("services"));
        request.put("prune", true);
        cluster.post("/conduit/admin/releases", request.toString(), "application/json");
    }

    /** Waits until every node serves the first and the last channel of a round. */
    private void awaitServed(String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (String node : nodes) {
            for (int i : new int[] {0, objects - 1}) {
                while (QuickstartCluster.call(node + "/" + prefix + "/" + i).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(node + " never served /" + prefix + "/" + i);
                    }
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                }
            }
        }
    }

    private long newest() throws Exception {
        return cluster.get("/conduit/admin/releases?limit=1").get(0).path("number").asLong();
    }

    private String report(int rounds, double call, double live, double each) {
        String cpu = System.getProperty("os.name") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        return String.join("\n",
                "## Applying 1,000 objects",
                "",
                "`bench/apply/run`: " + cpu + ", Java " + System.getProperty("java.version") + ", " + LocalDate.now()
                        + ". A quickstart cluster of two nodes (H2 ODB); " + rounds + " rounds, medians shown. Each"
                        + " round makes " + objects + " HTTP channels, timed from the first request until both nodes"
                        + " serve the first and the last of them, then removes them in one release. The baseline makes"
                        + " the same channels the way one did before configuration as code: one admin API call each.",
                "",
                "| how | apply call ms | live on every node ms | ratio to baseline |",
                "|---|---|---|---|",
                String.format(Locale.ROOT, "| baseline: %d admin API calls, one by one | - | %.0f | 1.00x |", objects, each),
                String.format(Locale.ROOT, "| one apply (one release) | %.0f | %.0f | %.3fx |", call, live, live / each),
                "",
                String.format(Locale.ROOT, "- Goal: live on every node within 2 s: %.2f s.", live / 1000),
                "");
    }

    private static void log(String format, Object... args) {
        System.err.println("bench/apply: " + String.format(Locale.ROOT, format, args));
    }
}
