package io.conduit.server.outgoing;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import io.conduit.server.config.HttpMethod;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.Tracing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An outgoing HTTP connection against a small HTTP server on a real loopback socket. */
class HttpPoolTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 200;
    private volatile String body = "{\"firstName\": \"Sean\"}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " cid="
                        + exchange.getRequestHeaders().getFirst("X-Conduit-CID") + " auth="
                        + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + request);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendPostsJsonWithTheCidAndParsesTheAnswer() {
        try (HttpPool crm = pool(config(address(), true), null)) {
            HttpResponse response = crm.send("cid123", Map.of("cust_id", 123));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.data().path("firstName").asText()).isEqualTo("Sean");
            assertThat(seen).containsExactly("POST /crm/client cid=cid123 auth=null body={\"cust_id\":123}");
        }
    }

    @Test
    void withoutACidTheCallsOwnGoesOutTheTraceIdOfItsSpan() {
        Tracing tracing = Tracing.off("test", "dev");
        try (HttpPool crm = pool(config(address(), true), null)) {
            io.opentelemetry.api.trace.Span call = tracing.newTrace("a call", io.opentelemetry.api.trace.SpanKind.SERVER,
                    "0af7651916cd43dd8448eb211c80319c");
            try (var scope = call.makeCurrent()) {
                crm.send(Map.of("cust_id", 1));
                crm.get(Map.of("id", "2"));
            } finally {
                call.end();
            }
            crm.post(Map.of("outside", "a call"));
        }
        assertThat(seen).containsExactly(
                "POST /crm/client cid=0af7651916cd43dd8448eb211c80319c auth=null body={\"cust_id\":1}",
                "GET /crm/client?id=2 cid=0af7651916cd43dd8448eb211c80319c auth=null body=",
                "POST /crm/client cid=null auth=null body={\"outside\":\"a call\"}");
    }

    @Test
    void getSendsParametersAndBasicAuthCredentials() {
        SecurityDefinition basic = bind(SecurityDefinition.KIND, "{'name': 'crm', 'type': 'basic', 'username': 'u',"
                + " 'password': 'p'}");
        try (HttpPool crm = pool(config(address(), true), basic)) {
            crm.get("c1", Map.of("id", "1 2"));
            assertThat(seen).containsExactly("GET /crm/client?id=1+2 cid=c1 auth=Basic dTpw body=");
        }
    }

    @Test
    void aRefusedConnectionNamesTheConnectionTheAddressAndTheTime() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (HttpPool crm = pool(config("http://127.0.0.1:" + closed, true), null)) {
            OutgoingException e = catchThrowableOfType(OutgoingException.class, () -> crm.send("c", Map.of()));

            assertThat(e.reason()).isEqualTo(OutgoingException.Reason.UNREACHABLE);
            assertThat(e.connection()).isEqualTo("CRM");
            assertThat(e.getMessage()).matches("outgoing connection 'CRM' \\(POST http://127\\.0\\.0\\.1:" + closed
                    + "/crm/client\\) refused the connection after \\d+ ms");
        }
    }

    @Test
    void a5xxAndANonJsonAnswerAreFailures() {
        try (HttpPool crm = pool(config(address(), true), null)) {
            status = 503;
            body = "down for maintenance";
            OutgoingException e = catchThrowableOfType(OutgoingException.class, () -> crm.send("c", Map.of()));
            assertThat(e.reason()).isEqualTo(OutgoingException.Reason.SERVER_ERROR);
            assertThat(e.getMessage()).contains("answered 503: down for maintenance after");

            status = 200;
            body = "<html>";
            e = catchThrowableOfType(OutgoingException.class, () -> crm.send("c", Map.of()));
            assertThat(e.reason()).isEqualTo(OutgoingException.Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("answered 200 with a body that is not JSON: <html>");
        }
    }

    @Test
    void anInactiveConnectionSaysSoAndCallsNobody() {
        try (HttpPool crm = pool(config(address(), false), null)) {
            OutgoingException e = catchThrowableOfType(OutgoingException.class, () -> crm.send("c", Map.of()));
            assertThat(e.reason()).isEqualTo(OutgoingException.Reason.INACTIVE);
            assertThat(e.getMessage()).contains("'CRM'").contains("is inactive");
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void aRetiredPoolSendsNewCallsToItsSuccessorAndIsDrainedOnlyOnceItsCallsHaveFinished() throws Exception {
        java.util.concurrent.CountDownLatch answering = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer slowServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        slowServer.createContext("/slow", exchange -> {
            try (exchange) {
                answering.countDown();
                release.await();
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slowServer.start();
        OutgoingHttpConfig slow = bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://127.0.0.1:"
                + slowServer.getAddress().getPort() + "', 'urlPath': '/slow', 'timeoutMs': 5000, 'poolSize': 4}");
        try (HttpPool old = pool(slow, null); HttpPool successor = pool(config(address(), true), null)) {
            java.util.concurrent.CompletableFuture<HttpResponse> inFlight =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> old.send("in-flight", Map.of()));
            assertThat(answering.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            old.retire(name -> successor);
            HttpResponse redirected = old.send("later", Map.of());

            assertThat(redirected.data().path("firstName").asText()).isEqualTo("Sean");
            assertThat(seen).containsExactly("POST /crm/client cid=later auth=null body={}");
            assertThat(old.drained()).as("a call still runs on the old pool").isFalse();
            release.countDown();
            assertThat(inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(old.drained()).isTrue();
        } finally {
            release.countDown();
            slowServer.stop(0);
        }
    }

    @Test
    void pingSendsHead() {
        try (HttpPool crm = pool(config(address(), true), null)) {
            Ping ping = crm.ping();
            assertThat(ping.status()).isEqualTo(200);
            assertThat(seen.get(0)).startsWith("HEAD /crm/client");
        }
    }

    @Test
    void validationFillsDefaultsAndRefusesAPathInTheAddress() {
        OutgoingHttpConfig c = bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://h:1/', 'security': ' '}");
        assertThat(c.address()).isEqualTo("http://h:1");
        assertThat(c.urlPath()).isEqualTo("/");
        assertThat(c.method()).isEqualTo(HttpMethod.POST);
        assertThat(c.timeoutMs()).isEqualTo(10_000);
        assertThat(c.poolSize()).isEqualTo(20);
        assertThat(c.security()).isNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> bind(OutgoingHttpConfig.KIND,
                "{'name': 'CRM', 'address': 'http://h:1/crm', 'urlPath': '/x'}"))).hasMessageContaining("without a path");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> bind(OutgoingHttpConfig.KIND,
                "{'name': 'CRM', 'address': 'http://h:1', 'timeoutMs': 0}")))
                .hasMessage("timeoutMs must be greater than or equal to 1");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> bind(OutgoingZmqConfig.KIND,
                "{'name': 'F', 'address': 'tcp://h'}"))).hasMessage("address must be tcp://host:port");
    }

    private String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static OutgoingHttpConfig config(String address, boolean active) {
        return bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address + "', 'urlPath': '/crm/client',"
                + " 'timeoutMs': 2000, 'poolSize': 4, 'active': " + active + "}");
    }

    private HttpPool pool(OutgoingHttpConfig config, SecurityDefinition security) {
        return new HttpPool(config, security, mapper);
    }
}
