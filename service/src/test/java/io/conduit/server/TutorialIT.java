package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestBackend;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.ExternalProcess;
import io.conduit.testing.FreePorts;
import io.conduit.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * TUTORIAL.md, end to end on two nodes sharing one ODB and one real Redis: the shipped demo CRM and
 * Payments backend, a real ZeroMQ PULL socket as fraud detection, the shipped config directory
 * applied with the command line, and the shipped service dropped into a pickup-dir.
 */
class TutorialIT {

    private static final Path TUTORIAL = Path.of("..", "examples", "tutorial");
    private static final String EXPECTED = "{\"first_name\": \"Sean\", \"last_name\": \"O'Brien\","
            + " \"last_payment_date\": \"2013-05-14T10:42:14.401555\", \"last_payment_amount\": \"357\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static TestNode node1;
    private static TestNode node2;
    private static ExternalProcess backends;
    private static String backendAddress;
    private static ZContext zmq;
    private static ZMQ.Socket fraudDetection;
    private static String fraudAddress;
    private static ListAppender<ILoggingEvent> serviceLog;
    private static int customerIds = 1000;

    @BeforeAll
    static void start() throws Exception {
        int backendPort = FreePorts.next();
        backendAddress = "http://127.0.0.1:" + backendPort;
        backends = ExternalProcess.start("demo CRM and Payments", List.of(javaBin(),
                        TUTORIAL.resolve("backends/CrmAndPayments.java").toString(), String.valueOf(backendPort)),
                Path.of("."), Path.of("target", "tutorial-backends.log"))
                .awaitReady(() -> FreePorts.listening(backendPort), Duration.ofSeconds(60));

        zmq = new ZContext();
        fraudDetection = zmq.createSocket(SocketType.PULL);
        fraudAddress = "tcp://127.0.0.1:" + FreePorts.next();
        fraudDetection.bind(fraudAddress);

        cluster = TestCluster.h2();
        node1 = cluster.start("server1");
        node2 = cluster.start("server2");
        runSetup();
        Files.copy(TUTORIAL.resolve("GetClientDetails.java"), node1.pickupDir().resolve("GetClientDetails.java"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 1, \"cust_type\": \"D\"}").status() == 200);

        serviceLog = new ListAppender<>();
        serviceLog.start();
        ((Logger) LoggerFactory.getLogger("tutorial.get-client-details")).addAppender(serviceLog);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (zmq != null) {
            zmq.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void theTutorialCallReturnsTheTutorialsResponseAndLogsEachStep() throws Exception {
        Reply reply = node2.call("POST", "/tutorial/first-service", "{\"cust_id\":123, \"cust_type\":\"A\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(JSON.readTree(EXPECTED));
        String cid = reply.header("X-Conduit-CID");
        List<String> lines = serviceLog.list.stream().filter(e -> cid.equals(e.getMDCPropertyMap().get("cid")))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsExactly(
                "Request: {\"cust_id\":123,\"cust_type\":\"A\"}",
                "Request type: ObjectNode",
                "Customer details: {\"firstName\":\"Sean\",\"lastName\":\"O'Brien\"}",
                "Last payment: {\"DATE\":\"2013-05-14T10:42:14.401555\",\"AMOUNT\":\"357\"}",
                "Response: {first_name=Sean, last_name=O'Brien, last_payment_date=2013-05-14T10:42:14.401555,"
                        + " last_payment_amount=357}");
        assertThat(Files.readString(backends.log())).contains("cid=" + cid);
    }

    @Test
    void typeASendsExactlyOneFraudMessageAndTypeDSendsNone() throws Exception {
        fence();
        int a = call("A");
        int d = call("D");
        int b = call("B");

        JsonNode first = nextFraudMessage();
        assertThat(customerOf(first)).isEqualTo(a);
        assertThat(Instant.parse(first.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(first.path("request").isTextual()).isTrue();
        assertThat(JSON.readTree(first.path("request").asText()))
                .isEqualTo(JSON.readTree("{\"cust_id\": " + a + ", \"cust_type\": \"A\"}"));
        assertThat(first.path("response")).isEqualTo(JSON.readTree(EXPECTED));
        assertThat(customerOf(nextFraudMessage())).as("D sends nothing, and A only once").isEqualTo(b);
        assertThat(serviceLog.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(line -> line.startsWith("Skipped fraud detection for CID "));
        assertThat(d).isPositive();
    }

    @Test
    void afterLremOfAThroughTheKvdbApiACallOfTypeASendsNoneWithoutRedeploying() throws Exception {
        try {
            Reply lrem = node1.admin("POST", "/conduit/admin/kvdb/commands",
                    "{\"command\": \"LREM myapp:fraud-detection:cust-type 0 A\"}");
            assertThat(lrem.json().path("result").asText()).isEqualTo("(integer) 1");
            fence();
            call("A");
            int b = call("B");
            assertThat(customerOf(nextFraudMessage())).isEqualTo(b);
        } finally {
            node1.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"RPUSH myapp:fraud-detection:cust-type A\"}");
        }
    }

    @Test
    void crmsAddressEditedOnNode1IsUsedByNode2OnItsNextCall() {
        try (TestBackend moved = TestBackend.answering("{\"firstName\": \"Moved\", \"lastName\": \"Elsewhere\"}")) {
            editCrm(moved.address(), 5000);

            Reply reply = node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 5, \"cust_type\": \"D\"}");

            assertThat(reply.json().path("first_name").asText()).isEqualTo("Moved");
            assertThat(moved.cids()).containsExactly(reply.header("X-Conduit-CID"));
        } finally {
            editCrm(backendAddress, 5000);
        }
        assertThat(node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 5}").json().path("first_name")
                .asText()).isEqualTo("Sean");
    }

    @Test
    void crmDownOrSlowGivesAJsonErrorNamingTheConnectionAndTheNodeKeepsServing() {
        node1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        try {
            editCrm("http://127.0.0.1:" + FreePorts.next(), 5000);
            Reply down = node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 6, \"cust_type\": \"D\"}");
            assertThat(down.status()).isEqualTo(502);
            assertThat(down.json().path("error").asText())
                    .startsWith("service 'tutorial.get-client-details' failed: outgoing connection 'CRM' (POST http://127.0.0.1:")
                    .contains("refused the connection after");
            assertThat(down.json().path("cid").asText()).isEqualTo(down.header("X-Conduit-CID"));
            assertThat(node2.admin("POST", "/conduit/admin/invoke/fixtures.echo", "{\"still\": \"up\"}").status())
                    .isEqualTo(200);

            try (TestBackend slow = TestBackend.answering("{}")) {
                slow.hold();
                editCrm(slow.address(), 300);
                Reply timedOut = node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 7, \"cust_type\": \"D\"}");
                assertThat(timedOut.status()).isEqualTo(504);
                assertThat(timedOut.json().path("error").asText()).contains("outgoing connection 'CRM'")
                        .contains("did not answer within 300 ms");
            }
        } finally {
            editCrm(backendAddress, 5000);
        }
        assertThat(node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 8}").status()).isEqualTo(200);
    }

    @Test
    void withTheFraudPeerAbsentTheServiceStillAnswersAndDropsWhatItCannotQueue() {
        String absent = "tcp://127.0.0.1:" + FreePorts.next();
        try {
            assertThat(node1.admin("PUT", "/conduit/admin/outgoing/zmq/Fraud%20detection",
                    "{\"address\": \"" + absent + "\", \"socketType\": \"PUSH\", \"highWaterMark\": 5}").status())
                    .isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                assertThat(node2.call("POST", "/tutorial/first-service", "{\"cust_id\": 9, \"cust_type\": \"A\"}")
                        .status()).isEqualTo(200);
            }
            PrometheusText metrics = PrometheusText.parse(node2.admin("GET", "/conduit/metrics", null).body());
            long dropped = Math.round(metrics.sum("conduit_outgoing_requests_total", "kind", "zeromq",
                    "connection", "Fraud detection", "outcome", "failed"));
            long sent = Math.round(metrics.sum("conduit_outgoing_requests_total", "kind", "zeromq",
                    "connection", "Fraud detection", "outcome", "ok"));
            assertThat(dropped).isPositive();
            assertThat(sent).isGreaterThanOrEqualTo(5);
        } finally {
            node1.admin("PUT", "/conduit/admin/outgoing/zmq/Fraud%20detection",
                    "{\"address\": \"" + fraudAddress + "\", \"socketType\": \"PUSH\"}");
        }
    }

    @Test
    void theKvdbApiRefusesDisallowedCommandsAndAnswersLikeRedisCli() {
        Reply flush = node1.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"FLUSHALL\"}");
        assertThat(flush.status()).isEqualTo(400);
        assertThat(flush.json().path("error").asText())
                .isEqualTo("FLUSHALL is not allowed: it would erase every key, statistics included");
        Reply config = node1.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"CONFIG SET maxmemory 1\"}");
        assertThat(config.status()).isEqualTo(400);
        assertThat(config.json().path("error").asText()).startsWith("CONFIG SET is not allowed");

        node1.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"DEL it:list\"}");
        Reply push = node1.admin("POST", "/conduit/admin/kvdb/commands",
                "{\"command\": \"RPUSH it:list one \\\"two words\\\" 'three'\"}");
        assertThat(push.json().path("result").asText()).isEqualTo("(integer) 3");
        Reply range = node2.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"LRANGE it:list 0 -1\"}");
        assertThat(range.json().path("result").asText()).isEqualTo("1) \"one\"\n2) \"two words\"\n3) \"three\"");
        Reply missing = node2.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"GET it:nothing\"}");
        assertThat(missing.json().path("result").asText()).isEqualTo("(nil)");
        Reply wrongType = node2.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"GET it:list\"}");
        assertThat(wrongType.json().path("result").asText()).startsWith("(error) WRONGTYPE");

        Reply history = node2.admin("GET", "/conduit/admin/kvdb/commands", null);
        assertThat(history.json().findValuesAsText("command")).startsWith("GET it:list", "GET it:nothing",
                "LRANGE it:list 0 -1");
        assertThat(history.body()).doesNotContain("FLUSHALL");
    }

    private static void runSetup() throws Exception {
        ProcessBuilder setup = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.conduit.cli.ConduitCli", "apply",
                "--url", "http://127.0.0.1:" + node1.port(), "--credentials",
                cluster.dir().resolve("admin.credentials").toString(), TUTORIAL.resolve("config").toString())
                .redirectErrorStream(true);
        setup.environment().putAll(Map.of("CRM_ADDRESS", backendAddress, "PAYMENTS_ADDRESS", backendAddress,
                "FRAUD_ADDRESS", fraudAddress));
        Process process = setup.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("+ outgoing-zmq 'Fraud detection' (new)", "KVDB myapp:fraud-detection:cust-type set");
    }

    private static void editCrm(String address, int timeoutMs) {
        Reply edited = node1.admin("PUT", "/conduit/admin/outgoing/http/CRM", "{\"address\": \"" + address
                + "\", \"urlPath\": \"/crm/client\", \"timeoutMs\": " + timeoutMs + "}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    }

    /** Calls the tutorial on node 2 with a new customer id and returns it. */
    private static int call(String type) {
        int customer = ++customerIds;
        Reply reply = node2.call("POST", "/tutorial/first-service",
                "{\"cust_id\": " + customer + ", \"cust_type\": \"" + type + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return customer;
    }

    /** Sends a marked type-B call and reads fraud messages up to it, so the next ones are this test's. */
    private static void fence() throws Exception {
        int marker = call("B");
        while (customerOf(nextFraudMessage()) != marker) {
            // messages from earlier tests
        }
    }

    private static JsonNode nextFraudMessage() throws Exception {
        fraudDetection.setReceiveTimeOut(10_000);
        byte[] message = fraudDetection.recv(0);
        assertThat(message).as("a fraud-detection message within 10 s").isNotNull();
        return JSON.readTree(message);
    }

    private static int customerOf(JsonNode message) throws Exception {
        return JSON.readTree(message.path("request").asText()).path("cust_id").asInt();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
