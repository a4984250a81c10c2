package io.conduit.bench.edit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.bench.QuickstartCluster;
import io.conduit.bench.Results;
import io.conduit.testing.Call;
import io.conduit.testing.ServiceHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/edit/run}: the edit loop of a developer on a running cluster. A service's {@code .java}
 * is saved into a node's pickup directory (written beside it, then renamed in, as editors save) and
 * timed until that node's channel answers with the new version, and until every node does. The
 * baseline is the fastest way to put the same source on the same node by hand: one admin API call
 * ({@code POST /conduit/admin/services}), timed the same way; the difference is the pickup directory's
 * own wait (its scan interval and settle time). Rounds alternate the two; medians go into
 * {@code bench/RESULTS.md}. Never part of the tests.
 */
public final class EditLoopBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "/bench/edited";

    private final Path home;
    private final QuickstartCluster cluster;
    private int version;

    private EditLoopBench(Path home, QuickstartCluster cluster) {
        this.home = home;
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("conduit.home", ".")).toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        new EditLoopBench(home, new QuickstartCluster(Path.of(args[0]), 2)).run(rounds);
    }

    private void run(int rounds) throws Exception {
        HarnessTimes harness = HarnessTimes.measure(home.resolve("examples/tutorial/GetClientDetails.java"), 500);
        log("a harness test of the tutorial's service: the first %.0f ms, the next ones %.2f ms (median)",
                harness.first(), harness.next());
        cluster.post("/conduit/admin/services?name=Edited.java", source(++version), "text/x-java-source");
        cluster.post("/conduit/admin/channels/http", "{\"name\": \"bench-edited\", \"urlPath\": \"" + CHANNEL
                + "\", \"service\": \"bench.edited\"}", "application/json");
        for (String node : cluster.nodes()) {
            awaitVersion(node, version);
        }
        Path pickup = cluster.dir().resolve("server1/pickup-dir");
        List<Double> savedNode = new ArrayList<>();
        List<Double> savedAll = new ArrayList<>();
        List<Double> apiNode = new ArrayList<>();
        List<Double> apiAll = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) { // round 0 warms the compiler up, and is not counted
            int saved = ++version;
            long start = System.nanoTime();
            save(pickup, source(saved));
            double node = awaitVersion(cluster.nodes().get(0), saved, start);
            double all = awaitEveryNode(saved, start);

            int posted = ++version;
            long apiStart = System.nanoTime();
            cluster.post("/conduit/admin/services?name=Edited.java", source(posted), "text/x-java-source");
            double apiOne = awaitVersion(cluster.nodes().get(0), posted, apiStart);
            double apiEvery = awaitEveryNode(posted, apiStart);
            log("round %d: saved in pickup-dir %.0f ms (every node %.0f ms); admin API %.0f ms (every node %.0f ms)",
                    round, node, all, apiOne, apiEvery);
            if (round > 0) {
                savedNode.add(node);
                savedAll.add(all);
                apiNode.add(apiOne);
                apiAll.add(apiEvery);
            }
        }
        Breakdown breakdown = Breakdown.of(cluster.dir().resolve("server1/logs/server.log"), rounds);
        String report = report(rounds, harness, Results.median(savedNode), Results.median(savedAll), Results.median(apiNode),
                Results.median(apiAll), Results.median(breakdown.waited()), Results.median(breakdown.compiled()),
                Results.median(breakdown.rest(savedNode)));
        Results.writeInto(home.resolve("bench/RESULTS.md"), "edit", report);
        System.out.println(report);
    }

    /** Saves as editors do: the new text beside the file (a dot file, which the pickup ignores), renamed in. */
    private static void save(Path pickup, String source) throws IOException {
        Path temp = pickup.resolve(".Edited.java.swp");
        Files.writeString(temp, source);
        Files.move(temp, pickup.resolve("Edited.java"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String source(int version) {
        return """
                package bench;

                import io.conduit.api.Service;
                import java.util.Map;

                /** Answers with the version it was saved as. */
                public class Edited extends Service {
                    @Override
                    public void handle() {
                        response().setPayload(Map.of("version", %d));
                    }
                }
                """.formatted(version);
    }

    private double awaitEveryNode(int version, long start) throws Exception {
        double last = 0;
        for (String node : cluster.nodes()) {
            last = Math.max(last, awaitVersion(node, version, start));
        }
        return last;
    }

    private static void awaitVersion(String node, int version) throws Exception {
        awaitVersion(node, version, System.nanoTime());
    }

    /** @return milliseconds from {@code start} until the node's channel answers with the version */
    private static double awaitVersion(String node, int version, long start) throws Exception {
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> answer = QuickstartCluster.call(node + CHANNEL);
            if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("version").asInt() == version) {
                return Results.millisSince(start);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " never answered version " + version + "; it answers "
                        + answer.statusCode() + " " + answer.body());
            }
            // every 10 ms: a busier poll would take the CPU the node compiles with
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /**
     * The other half of the edit loop: a test of the tutorial's service in the service test kit, as
     * {@code TutorialExampleTest} does it (two HTTP replies, a KVDB list, the call, its fraud-detection
     * message, the check that every reply was used). The first test compiles the source and loads the
     * node's classes; the next ones are what a developer waits for on each run after the first.
     *
     * @param first milliseconds of the first test, compiling the source included
     * @param next  the median milliseconds of the tests after it
     */
    record HarnessTimes(double first, double next) {
        static HarnessTimes measure(Path source, int tests) {
            long start = System.nanoTime();
            ServiceHarness harness = ServiceHarness.source(source);
            test(harness);
            double first = Results.millisSince(start);
            List<Double> next = new ArrayList<>();
            for (int i = 0; i < tests; i++) {
                long t = System.nanoTime();
                test(harness);
                next.add(Results.millisSince(t));
            }
            return new HarnessTimes(first, Results.median(next));
        }

        private static void test(ServiceHarness harness) {
            harness.reset();
            harness.http("CRM").reply(200, Map.of("firstName", "Jane", "lastName", "Doe"));
            harness.http("Payments").reply(200, Map.of("DATE", "2026-11-30", "AMOUNT", "12.50"));
            harness.zmq("Fraud detection");
            harness.kvdb().rpush("myapp:fraud-detection:cust-type", "A", "D");
            Call call = harness.call("tutorial.get-client-details", "{\"cust_id\": 123, \"cust_type\": \"A\"}");
            if (call.status() != 200 || !"Jane".equals(call.json().path("first_name").asText())
                    || harness.zmq("Fraud detection").messages().size() != 1) {
                throw new IllegalStateException("the tutorial's service answered otherwise in the harness: " + call);
            }
            harness.verify();
        }
    }

    /**
     * Where a saved file's time went, from the node's own log lines of the counted rounds (ms each): the
     * pickup's wait (from the file's last write to its pick), compiling and loading.
     */
    record Breakdown(List<Double> waited, List<Double> compiled) {
        private static final Pattern PICKED = Pattern.compile("Edited\\.java deployed as .* picked (\\d+) ms after it was saved");
        private static final Pattern DEPLOYED = Pattern.compile("by pickup-dir@server1: .*\\(compiled and loaded in"
                + " (\\d+) ms");

        static Breakdown of(Path log, int rounds) throws IOException {
            List<Double> waited = new ArrayList<>();
            List<Double> compiled = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher picked = PICKED.matcher(line);
                if (picked.find()) {
                    waited.add(Double.parseDouble(picked.group(1)));
                }
                Matcher deployed = DEPLOYED.matcher(line);
                if (deployed.find()) {
                    compiled.add(Double.parseDouble(deployed.group(1)));
                }
            }
            if (waited.size() < rounds || compiled.size() < rounds) {
                throw new IllegalStateException(log + " has " + waited.size() + " pickup lines and " + compiled.size()
                        + " deployment lines of the saved file, not the " + rounds + " rounds'");
            }
            return new Breakdown(last(waited, rounds), last(compiled, rounds));
        }

        /**
         * @return per round, the time from the end of compiling to the node's first answer in the new
         * version: storing (which the node's switch overlaps) and switching
         */
        List<Double> rest(List<Double> total) {
            List<Double> rest = new ArrayList<>();
            for (int i = 0; i < total.size(); i++) {
                rest.add(total.get(i) - waited.get(i) - compiled.get(i));
            }
            return rest;
        }

        private static List<Double> last(List<Double> values, int n) {
            return values.subList(values.size() - n, values.size());
        }
    }

    private static String report(int rounds, HarnessTimes harness, double savedNode, double savedAll, double apiNode, double apiAll,
                                 double waited, double compiled, double rest) {
        String cpu = System.getProperty("os.name") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        return String.join("\n",
                "## The edit loop: a saved `.java` answering in its new version",
                "",
                "`bench/edit/run`: " + cpu + ", Java " + System.getProperty("java.version") + ", " + LocalDate.now()
                        + ". A quickstart cluster of two nodes (H2 ODB, the default `pickup` settings: scanned every 100 ms, a file picked once unchanged for 300 ms); " + rounds
                        + " rounds after one not counted, medians shown. Each round saves a new version of a"
                        + " service's `.java` into server1's pickup directory (written beside it, renamed in) and"
                        + " polls the service's channel on each node until it answers with that version. The"
                        + " baseline puts the same source on the same node the fastest way by hand, one admin API"
                        + " call, timed the same way.",
                "",
                "| how | the node answers, ms | every node answers, ms | ratio to baseline (the node) |",
                "|---|---|---|---|",
                String.format(Locale.ROOT, "| baseline: `POST /conduit/admin/services` | %.0f | %.0f | 1.00x |",
                        apiNode, apiAll),
                String.format(Locale.ROOT, "| saved into `pickup-dir` | %.0f | %.0f | %.2fx |", savedNode, savedAll,
                        savedNode / apiNode),
                "",
                String.format(Locale.ROOT, "- Goal: the saved file answers within 1 s (median): %.2f s.",
                        savedNode / 1000),
                String.format(Locale.ROOT, "- The other way to try a change, a test in the service test kit (the"
                        + " tutorial's service with its fakes, as `TutorialExampleTest`): the first test %.0f ms"
                        + " (compiling the source and loading the node's classes), each test after it %.2f ms"
                        + " (median of 500). Goal: a harness test after the first in milliseconds.",
                        harness.first(), harness.next()),
                String.format(Locale.ROOT, "- Where a saved file's time goes (medians of the rounds, from server1's"
                        + " log): the pickup directory's wait from the save to the pick (`pickup.settleTime` and the"
                        + " next scan of `pickup.pollInterval`) %.0f ms; compiling and loading %.0f ms; then storing"
                        + " it in the ODB and the node switching to it, until its first answer in the new version"
                        + " (the bench polls every 10 ms) %.0f ms.", waited, compiled, rest),
                "");
    }

    private static void log(String format, Object... args) {
        System.err.println("bench/edit: " + String.format(Locale.ROOT, format, args));
    }
}
