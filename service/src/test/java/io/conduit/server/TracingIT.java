package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestBackend;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.testing.FreePorts;
import io.conduit.testing.OtlpReceiver;
import io.conduit.testing.OtlpReceiver.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Traces end to end on a real node, a real Redis, real HTTP backends and a real ZeroMQ peer, into an
 * OTLP receiver that decodes what the node's exporter sent with the protocol's own classes.
 */
class TracingIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private static OtlpReceiver receiver;
    private static TestBackend crm;
    private static TestBackend payments;
    private static ZContext zmq;
    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpReceiver.start();
        crm = TestBackend.answering("{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}");
        payments = TestBackend.answering("{\"DATE\": \"2013-05-14\", \"AMOUNT\": \"357\"}");
        zmq = new ZContext();
        ZMQ.Socket fraud = zmq.createSocket(SocketType.PULL);
        String fraudAddress = "tcp://127.0.0.1:" + FreePorts.next();
        fraud.bind(fraudAddress);
        cluster = TestCluster.h2(Map.of("tracing.otlpEndpoint", receiver.endpoint()));
        node = cluster.start("server1");
        assertThat(node.admin("POST", "/conduit/admin/services",
                Files.readString(Path.of("..", "examples", "tutorial", "GetClientDetails.java"))).status()).isEqualTo(201);
        for (String[] connection : List.of(new String[] {"CRM", crm.address()}, new String[] {"Payments", payments.address()})) {
            assertThat(node.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"" + connection[0]
                    + "\", \"address\": \"" + connection[1] + "\", \"urlPath\": \"/\", \"method\": \"POST\"}").status())
                    .isEqualTo(201);
        }
        assertThat(node.admin("POST", "/conduit/admin/outgoing/zmq", "{\"name\": \"Fraud detection\", \"address\": \""
                + fraudAddress + "\", \"socketType\": \"PUSH\"}").status()).isEqualTo(201);
        assertThat(node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"first\", \"urlPath\":"
                + " \"/tutorial/first-service\", \"service\": \"tutorial.get-client-details\"}").status()).isEqualTo(201);
        node.admin("POST", "/conduit/admin/kvdb/commands",
                "{\"command\": \"RPUSH myapp:fraud-detection:cust-type A\"}");
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Enqueue.java"));
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Flaky.java"));
        node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"enqueue\", \"urlPath\": \"/tracing/enqueue\", \"service\": \"fixtures.enqueue\"}");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {crm, payments, zmq, receiver}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    @Test
    void aCallIsOneTraceWithTheCallersTraceIdAndASpanForEachThingItDid() {
        TestNode.Reply reply = node.call("POST", "/tutorial/first-service", "{\"cust_id\": 123, \"cust_type\": \"A\"}",
                "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("X-Conduit-CID")).as("the cid is the caller's trace id").isEqualTo(TRACE_ID);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.trace(TRACE_ID).size() >= 6);
        List<Span> trace = receiver.trace(TRACE_ID);
        Span channel = only(trace, "SERVER");
        assertThat(channel.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(channel.name()).isEqualTo("POST /tutorial/first-service");
        assertThat(channel.attributes()).containsEntry("http.response.status_code", "200")
                .containsEntry("http.route", "/tutorial/first-service");
        assertThat(channel.resource()).containsEntry("service.name", "conduit")
                .containsEntry("service.instance.id", "server1");
        Span service = named(trace, "tutorial.get-client-details");
        assertThat(service.parentSpanId()).isEqualTo(channel.spanId());
        List<Span> http = trace.stream().filter(s -> s.kind().equals("CLIENT") && s.name().equals("POST")).toList();
        assertThat(http).extracting(s -> s.attributes().get("conduit.connection"))
                .containsExactlyInAnyOrder("CRM", "Payments");
        assertThat(http).allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(service.spanId()));
        Span kvdb = named(trace, "LRANGE");
        assertThat(kvdb.parentSpanId()).isEqualTo(service.spanId());
        assertThat(kvdb.attributes()).containsEntry("db.system.name", "redis");
        Span fraud = only(trace, "PRODUCER");
        assertThat(fraud.parentSpanId()).isEqualTo(service.spanId());
        assertThat(fraud.attributes()).containsEntry("messaging.system", "zeromq");

        Span crmCall = http.stream().filter(s -> s.attributes().get("conduit.connection").equals("CRM")).findFirst()
                .orElseThrow();
        assertThat(crm.traceparents()).as("the backend saw the call's trace and the client span as its parent")
                .contains("00-" + TRACE_ID + "-" + crmCall.spanId() + "-01");
    }

    @Test
    void aCallWithoutTraceparentStartsATraceWhoseIdIsTheCid() {
        TestNode.Reply reply = node.call("POST", "/tutorial/first-service", "{\"cust_id\": 7, \"cust_type\": \"Z\"}");

        String cid = reply.header("X-Conduit-CID");
        assertThat(cid).matches("[0-9a-f]{32}");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.trace(cid).size() >= 4);
        assertThat(only(receiver.trace(cid), "SERVER").parentSpanId()).isEmpty();
        assertThat(payments.traceparents()).anyMatch(t -> t.startsWith("00-" + cid + "-"));
    }

    @Test
    void aDurableInvocationRetriedTwiceIsOneTraceOfLinkedAttempts() {
        String key = "tracing:" + UUID.randomUUID();
        TestNode.Reply reply = node.call("POST", "/tracing/enqueue", "{\"key\": \"" + key + "\", \"succeedOn\": 3,"
                + " \"attempts\": 3, \"backoffMs\": 20}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String callerTrace = reply.header("X-Conduit-CID");
        String asyncCid = reply.json().path("cid").asText();
        assertThat(asyncCid).matches("[0-9a-f]{32}").isNotEqualTo(callerTrace);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.trace(asyncCid).stream()
                .filter(s -> s.kind().equals("CONSUMER")).count() == 3);
        List<Span> trace = receiver.trace(asyncCid);
        Span root = only(trace, "PRODUCER");
        assertThat(root.name()).isEqualTo("invokeAsync fixtures.flaky");
        Span caller = named(receiver.trace(callerTrace), "fixtures.enqueue");
        assertThat(root.links()).containsExactly(callerTrace + "/" + caller.spanId());
        List<Span> attempts = trace.stream().filter(s -> s.kind().equals("CONSUMER")).toList();
        assertThat(attempts).extracting(Span::name).containsExactlyInAnyOrder("fixtures.flaky attempt 1",
                "fixtures.flaky attempt 2", "fixtures.flaky attempt 3");
        assertThat(attempts).allSatisfy(a -> assertThat(a.parentSpanId()).isEqualTo(root.spanId()));
        assertThat(attempts).filteredOn(Span::error).hasSize(2);
        assertThat(trace).filteredOn(s -> s.name().equals("fixtures.flaky")).hasSize(3)
                .allSatisfy(s -> assertThat(attempts).extracting(Span::spanId).contains(s.parentSpanId()));
    }

    private static Span only(List<Span> trace, String kind) {
        List<Span> of = trace.stream().filter(s -> s.kind().equals(kind)).toList();
        assertThat(of).as("%s spans in %s", kind, trace).hasSize(1);
        return of.get(0);
    }

    private static Span named(List<Span> trace, String name) {
        return trace.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span named " + name + " in " + trace));
    }
}
