package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.conduit.testing.Binaries;
import io.conduit.testing.Call;
import io.conduit.testing.ExternalProcess;
import io.conduit.testing.FreePorts;
import io.conduit.testing.OtlpReceiver;
import io.conduit.testing.OtlpReceiver.Span;
import io.conduit.testing.RecordedCall;
import io.conduit.testing.ServiceHarness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators' tools see of a real two-node cluster behind HAProxy: a real Prometheus (Debian's)
 * set up from the files quickstart writes, finding the nodes through the discovery endpoint, and
 * every expression of the shipped alert rules and Grafana dashboard answered with data; traces in an
 * OTLP receiver; JSON log lines on the nodes and the cid in HAProxy's log.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OBSERVABILITY = Cluster.HOME.resolve("deploy/observability");
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    private static OtlpReceiver receiver;
    private static HttpServer backends;
    private static final List<String> traceparents = new CopyOnWriteArrayList<>();
    private static Cluster cluster;
    private static ExternalProcess prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpReceiver.start();
        backends = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 64);
        backends.createContext("/", exchange -> {
            try (exchange) {
                String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
                boolean crm = exchange.getRequestURI().getPath().startsWith("/crm");
                // customer 503's payments are answered by a ledger that is closed
                boolean closed = !crm && sent.contains("\"cust_id\":503");
                byte[] body = (crm ? "{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}"
                        : closed ? "{\"error\": \"ledger closed\"}"
                        : "{\"DATE\": \"2013-05-14T10:42:14.401555\", \"AMOUNT\": \"357\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(closed ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        backends.start();
        cluster = Cluster.quickstart(2, Map.of("CONDUIT_OTLP_ENDPOINT", receiver.endpoint(), "CONDUIT_LOG_JSON", "true",
                "CONDUIT_SCRAPE_INTERVAL", "2s"));
        String stub = "http://127.0.0.1:" + backends.getAddress().getPort();
        Map<String, String> addresses = new java.util.HashMap<>(cluster.tutorialAddresses());
        addresses.put("CRM_ADDRESS", stub);
        addresses.put("PAYMENTS_ADDRESS", stub);
        Cluster.Result applied = cluster.apply("examples/tutorial/config", addresses);
        assertThat(applied.exit()).as(applied.output()).isZero();
        // what the rules and the dashboard read beyond the tutorial: a breaker, a rate limit, a scheduled job
        assertThat(cluster.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"Guarded\", \"address\": \""
                + stub + "\", \"urlPath\": \"/crm/client\", \"circuitBreaker\": {}}").status()).isEqualTo(201);
        assertThat(cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"limited\", \"urlPath\":"
                + " \"/limited\", \"service\": \"tutorial.get-client-details\", \"rateLimit\": {\"requests\": 1,"
                + " \"per\": \"1h\"}}").status()).isEqualTo(201);
        assertThat(cluster.admin("POST", "/conduit/admin/scheduler/jobs", "{\"name\": \"every-second\", \"service\":"
                + " \"tutorial.get-client-details\", \"type\": \"interval\", \"every\": \"1s\", \"payload\":"
                + " {\"cust_id\": 5, \"cust_type\": \"Z\"}}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> call("/tutorial/first-service", null).status() == 200);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (backends != null) {
            backends.stop(0);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aCallThroughHaproxyIsOneTraceFromTheCallersTraceToTheBackends() {
        Cluster.Reply reply = call("/tutorial/first-service", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.trace(TRACE_ID).size() >= 6);
        List<Span> trace = receiver.trace(TRACE_ID);
        Span channel = one(trace, s -> s.kind().equals("SERVER"));
        assertThat(channel.parentSpanId()).isEqualTo(CALLER_SPAN);
        Span service = one(trace, s -> s.name().equals("tutorial.get-client-details"));
        assertThat(service.parentSpanId()).isEqualTo(channel.spanId());
        Span crm = one(trace, s -> "CRM".equals(s.attributes().get("conduit.connection")));
        Span payments = one(trace, s -> "Payments".equals(s.attributes().get("conduit.connection")));
        Span kvdb = one(trace, s -> "redis".equals(s.attributes().get("db.system.name")));
        Span fraud = one(trace, s -> "zeromq".equals(s.attributes().get("messaging.system")));
        assertThat(Stream.of(crm, payments, kvdb, fraud)).allSatisfy(s ->
                assertThat(s.parentSpanId()).isEqualTo(service.spanId()));
        assertThat(traceparents).contains("00-" + TRACE_ID + "-" + crm.spanId() + "-01",
                "00-" + TRACE_ID + "-" + payments.spanId() + "-01");
    }

    @Test
    void oneGrepOfTheCidFindsTheCallInHaproxysLogAndTheNodesJsonLog() throws Exception {
        Cluster.Reply reply = call("/tutorial/first-service", null);
        String cid = reply.header("X-Conduit-CID");
        assertThat(cid).matches("[0-9a-f]{32}");

        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.read("load-balancer/logs/haproxy.log")
                .contains("{" + cid + "}"));
        List<JsonNode> lines = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.clear();
            for (String server : List.of("server1", "server2")) {
                for (String line : Files.readAllLines(cluster.dir.resolve(server + "/logs/server.log"))) {
                    if (line.contains(cid)) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
            return lines.size() >= 5;
        });
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("cid").asText()).isEqualTo(cid);
            assertThat(line.path("trace_id").asText()).isEqualTo(cid);
            assertThat(line.path("span_id").asText()).matches("[0-9a-f]{16}");
            assertThat(line.path("service").asText()).isEqualTo("tutorial.get-client-details");
            assertThat(line.path("node").asText()).isIn("server1", "server2");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.has("timestamp")).isTrue();
        });
        assertThat(lines).extracting(l -> l.path("message").asText()).contains("Customer details: {\"firstName\":\"Sean\","
                + "\"lastName\":\"O'Brien\"}");
    }

    @Test
    void aPrometheusFromTheShippedFilesFindsBothNodesAndEveryRuleAndPanelHasData() throws Exception {
        Path config = cluster.dir.resolve("prometheus/prometheus.yml");
        Path promtool = Binaries.require("promtool");
        Cluster.Result checked = Cluster.run(List.of(promtool.toString(), "check", "config", config.toString()), Map.of());
        assertThat(checked.exit()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: 6 rules found");

        prometheusPort = FreePorts.next();
        prometheus = ExternalProcess.start("prometheus", List.of(Binaries.require("prometheus").toString(),
                        "--config.file=" + config, "--storage.tsdb.path=" + cluster.dir.resolve("prometheus/data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort),
                cluster.dir.resolve("prometheus"), cluster.dir.resolve("prometheus/prometheus.log"))
                .awaitReady(() -> FreePorts.listening(prometheusPort), Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            call("/tutorial/first-service", null);
        }
        call("/limited", null);
        call("/limited", null);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(query("up{job=\"conduit\"} == 1"))
                .extracting(r -> r.at("/metric/node").asText()).containsExactlyInAnyOrder("server1", "server2"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode rule : new ObjectMapper(new YAMLFactory()).readTree(OBSERVABILITY.resolve("conduit-alerts.yml")
                .toFile()).at("/groups/0/rules")) {
            expressions.add(withoutThreshold(rule.path("expr").asText()));
        }
        JsonNode dashboard = JSON.readTree(OBSERVABILITY.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.at("/templating/list/1/query/query").asText()).contains("conduit_service_invocations_total");
        for (JsonNode target : dashboard.findValues("targets")) {
            for (JsonNode t : target) {
                expressions.add(t.path("expr").asText().replace("$__rate_interval", "1m").replace("$service", ".*"));
            }
        }
        assertThat(expressions).hasSizeGreaterThan(20);
        for (String expression : expressions) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(query(expression))
                    .as("data for %s", expression).isNotEmpty());
        }
    }

    @Test
    void aRecordedCallSavedAsAFixtureReplaysInTheServiceTestKitAndAnswersAsTheNodeDid(@TempDir Path fixtures) {
        assertThat(cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"recorded\", \"urlPath\":"
                + " \"/tutorial/recorded\", \"service\": \"tutorial.get-client-details\", \"recordSlowerThan\":"
                + " \"1ms\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> post("/tutorial/recorded", 7).status() == 200);
        Cluster.Reply slow = post("/tutorial/recorded", 7);
        Cluster.Reply failed = post("/tutorial/recorded", 503);
        assertThat(slow.status()).as(slow.body()).isEqualTo(200);
        assertThat(failed.status()).as(failed.body()).isEqualTo(502);

        ServiceHarness harness = ServiceHarness.source(Cluster.HOME.resolve("examples/tutorial/GetClientDetails.java"));
        for (Cluster.Reply reply : List.of(slow, failed)) {
            String cid = reply.header("X-Conduit-CID");
            Path fixture = fixtures.resolve(cid + ".json");
            // saved as the docs say: the admin API's record of the call, as it is
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.admin("GET", "/conduit/admin/calls/" + cid, null)
                    .status() == 200);
            Cluster.Reply record = cluster.admin("GET", "/conduit/admin/calls/" + cid, null);
            write(fixture, record.body());

            harness.reset();
            harness.kvdb().rpush("myapp:fraud-detection:cust-type", "A", "B", "C");
            RecordedCall recorded = RecordedCall.read(fixture);
            Call replay = harness.replay(recorded);

            recorded.assertAnsweredAsRecorded(replay);
            assertThat(replay.status()).isEqualTo(reply.status());
            assertThat(replay.json()).isEqualTo(reply.json());
            assertThat(replay.cid()).isEqualTo(cid);
            assertThat(harness.http("CRM").request().body().path("cust_id").asInt()).isEqualTo(recorded.status() == 200
                    ? 7 : 503);
            assertThat(harness.zmq("Fraud detection").messages()).hasSize(recorded.status() == 200 ? 1 : 0);
            harness.verify();
        }
    }

    private static Cluster.Reply post(String path, int customer) {
        return Cluster.http("POST", cluster.frontend() + path, "{\"cust_id\": " + customer + ", \"cust_type\": \"A\"}",
                null, null, "application/json");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return the expression before its final comparison with a threshold, which has data whether it fires or not */
    private static String withoutThreshold(String expression) {
        Matcher m = Pattern.compile("\\s*(==|>|<|>=|<=|!=)\\s*[0-9.]+\\s*$").matcher(expression);
        assertThat(m.find()).as("%s ends in a threshold", expression).isTrue();
        return expression.substring(0, m.start());
    }

    private static List<JsonNode> query(String expression) throws IOException {
        Cluster.Reply reply = Cluster.http("GET", "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8), null, null, null, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> result = new ArrayList<>();
        reply.json().at("/data/result").forEach(result::add);
        return result;
    }

    private static Cluster.Reply call(String path, String traceparent) {
        return traceparent == null
                ? Cluster.http("POST", cluster.frontend() + path, "{\"cust_id\": 123, \"cust_type\": \"A\"}", null, null,
                "application/json")
                : Cluster.httpWith("POST", cluster.frontend() + path, "{\"cust_id\": 123, \"cust_type\": \"A\"}",
                "traceparent", traceparent);
    }

    private static Span one(List<Span> trace, java.util.function.Predicate<Span> which) {
        List<Span> found = trace.stream().filter(which).toList();
        assertThat(found).as("in %s", trace).hasSize(1);
        return found.get(0);
    }
}
