package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.testing.LoadGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every surface (channels through HAProxy, the admin API, a node's Dropwizard
 * admin port, the LB agent, the dashboard): each case gets a clear 4xx, JSON where the surface speaks
 * JSON, no process dies, and a stream of normal calls on the tutorial's channel fails no request
 * during the whole suite. Requests are written by hand on sockets, so they can be as broken as an
 * attacker makes them.
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "/tutorial/first-service";
    private static Cluster cluster;
    private static LoadGenerator normal;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.quickstart(1);
        cluster.setUpTutorial();
        normal = LoadGenerator.start("Normal calls during the hostile-input suite", 2,
                LoadGenerator.post(cluster.frontend() + CHANNEL, "{\"cust_id\":123, \"cust_type\":\"D\"}"),
                r -> r.status() == 200 && r.body().contains("\"last_payment_amount\":\"357\""));
        normal.awaitMoreOk(20, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        try {
            if (normal != null) {
                normal.awaitMoreOk(20, Duration.ofSeconds(30));
                LoadGenerator.Summary summary = normal.stop().record();
                assertThat(summary.problems()).as("normal calls failed or lost during the suite, of %d", summary.sent())
                        .isEmpty();
                Cluster.Result status = cluster.conduit("status", cluster.dir.toString());
                assertThat(status.exit()).as("every part still running:\n" + status.output()).isZero();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    // ---- channels, through HAProxy

    @Test
    void brokenJsonBodiesAreRefusedWithA400ThatSaysWhy() {
        assertJsonError(post(CHANNEL, "{\"cust_id\":"), 400, "not valid JSON");
        assertJsonError(post(CHANNEL, "{cust_id: 123}"), 400, "not valid JSON");
        assertJsonError(post(CHANNEL, "[".repeat(100_000) + "]".repeat(100_000)), 400, "nesting depth");
        assertJsonError(post(CHANNEL, "[".repeat(250) + "]".repeat(250)), 400, "exceeds the maximum allowed (200");
        assertJsonError(postBytes(CHANNEL, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}),
                400, "Invalid UTF-8");
        assertJsonError(post(CHANNEL, "{\"a\": \"x\u0000y\"}"), 400, "not valid JSON");
        assertJsonError(exchange(cluster.port(11223), request("PUT", CHANNEL + "%0d%0a", null, "{}")), 400,
                "Suspicious Path Character");
    }

    @Test
    void aBodyOf200MegabytesIsRefusedBeforeItIsRead() {
        String head = "POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + 200L * 1024 * 1024 + "\r\n\r\n";
        Answer answer = exchange(cluster.port(11223), join(head.getBytes(StandardCharsets.US_ASCII), new byte[64 * 1024]));
        assertJsonError(answer, 413, "accepts at most");
    }

    /**
     * HAProxy's own parser refuses these before any proxy rule runs, so it answers with its built-in
     * page, not the JSON errorfiles (HAProxy 2.6 uses those from the stream on): a clear 400 all the same.
     */
    @Test
    void hugeOrManyHeadersAndAHugeQueryStringAreRefusedByHaproxy() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertRefused(raw("POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\n" + many + "Content-Length: 2\r\n\r\n{}"),
                400);
        assertRefused(raw("POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1024 * 1024)
                + "\r\nContent-Length: 2\r\n\r\n{}"), 400);
        assertRefused(raw("POST " + CHANNEL + "?q=" + "a".repeat(1024 * 1024) + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 2\r\n\r\n{}"), 400);
        assertRefused(raw("GET /tutorial/\u0000first HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void requestsCannotBeSmuggledThroughHaproxy() {
        assertRefused(raw("POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}"),
                400);
        // Transfer-Encoding wins over Content-Length, and the connection is closed after the answer:
        // the request hidden in the body is never served.
        Answer answer = raw("POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /conduit/admin/services HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer.all()).as("one answer only").containsOnlyOnce("HTTP/1.1 ");
        assertThat(answer.header("connection")).isEqualTo("close");
    }

    @Test
    void slowlorisConnectionsAreCutOffWithoutStarvingAnyoneElse() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", cluster.port(11223)), 5000);
                s.setSoTimeout(1);
                s.getOutputStream().write(("POST " + CHANNEL + " HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            int okBefore = normal.ok();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            List<Socket> open = new ArrayList<>(slow);
            StringBuilder answers = new StringBuilder();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                long round = System.nanoTime();
                for (Socket s : List.copyOf(open)) {
                    try {
                        s.getOutputStream().write('a');
                        byte[] buffer = new byte[4096];
                        int n = s.getInputStream().read(buffer);
                        if (n > 0) {
                            answers.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        }
                        open.remove(s);
                    } catch (SocketTimeoutException e) {
                        // no answer yet: one more byte in the next round
                    } catch (IOException e) {
                        open.remove(s);
                    }
                }
                // the trickle's pace: one byte a second on every connection
                LockSupport.parkNanos(Math.max(0, TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - round)));
            }
            assertThat(open).as("trickling connections HAProxy still holds after 25 s").isEmpty();
            assertThat(answers.toString()).as("HAProxy's built-in answer to a request that never ends")
                    .contains("HTTP/1.1 408");
            assertThat(normal.ok()).as("normal calls answered meanwhile").isGreaterThan(okBefore + 50);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    // ---- the admin API

    @Test
    void deployNamesThatClimbOutOrAreAbsoluteAreRefused() {
        for (String name : List.of("../../etc/passwd.java", "/etc/cron.d/x.java", "..%2F..%2Fx.java", "a/../../b.java")) {
            Cluster.Reply reply = cluster.deploy(URLEncoder.encode(name, StandardCharsets.UTF_8),
                    "public class X extends io.conduit.api.Service { public void handle() {} }"
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(name + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().path("error").asText()).as(name).isNotEmpty();
        }
        Cluster.Reply service = cluster.admin("GET", "/conduit/admin/services/..%2F..%2Fetc%2Fpasswd", null);
        assertThat(service.status()).as(service.body()).isBetween(400, 404);
    }

    @Test
    void brokenJsonToTheAdminApiGetsA400AndNothingChanges() {
        assertJsonError(adminRaw("POST", "/conduit/admin/channels/http", "{\"name\": "), 400, "");
        assertJsonError(adminRaw("POST", "/conduit/admin/channels/http", "[".repeat(100_000)), 400, "");
        assertThat(cluster.admin("GET", "/conduit/admin/channels/http", null).json().size()).isEqualTo(1);
    }

    @Test
    void crlfAndQuotesInARemoteCommandStayInsideTheirArgument() {
        String key = "hostile:" + System.nanoTime();
        Cluster.Reply set = cluster.admin("POST", "/conduit/admin/kvdb/commands", command(
                "SET " + key + " \"a\\r\\nFLUSHALL\\r\\n\\\"quoted\\\"\""));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        JsonNode got = cluster.admin("POST", "/conduit/admin/kvdb/commands", command("STRLEN " + key)).json();
        assertThat(got.path("result").asText()).isEqualTo("(integer) 21");
        JsonNode list = cluster.admin("POST", "/conduit/admin/kvdb/commands",
                command("LLEN myapp:fraud-detection:cust-type")).json();
        assertThat(list.path("result").asText()).as("no FLUSHALL happened").isEqualTo("(integer) 3");
        Cluster.Reply unbalanced = cluster.admin("POST", "/conduit/admin/kvdb/commands", command("SET k \"open"));
        assertJsonError(new Answer(unbalanced.status(), "", unbalanced.body()), 400, "");
    }

    // ---- a node's Dropwizard admin port, the LB agent, the dashboard

    @Test
    void theAdminPortAndTheAgentRefuseBrokenInputInJson() {
        int adminPort = cluster.port(17110);
        Answer huge = exchange(adminPort, ("GET /healthcheck HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1024 * 1024)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertJsonError(huge, 431, "");

        String agent = "Basic " + Base64.getEncoder().encodeToString(("admin1:" + cluster.admin1Password())
                .getBytes(StandardCharsets.UTF_8));
        int agentPort = cluster.port(20151);
        assertJsonError(exchange(agentPort, request("POST", "/lb/servers", agent, "{\"name\": ")), 400, "");
        assertJsonError(exchange(agentPort, request("POST", "/lb/servers", agent, "[".repeat(100_000))), 400, "");
        assertJsonError(exchange(agentPort, request("POST", "/lb/servers", agent,
                "{\"name\": \"../x\\r\\nY\", \"host\": \"127.0.0.1\", \"port\": 1}")), 400, "");
        // Jetty refuses a CR LF in the path before the agent sees it; a PUT gets the JSON error too
        assertJsonError(exchange(agentPort, request("PUT", "/lb/servers/server1%0d%0a/state", agent,
                "{\"state\": \"maint\"}")), 400, "Suspicious Path Character");
    }

    @Test
    void theDashboardRefusesAChangeWithoutTheSessionsCsrfToken() throws Exception {
        String dashboard = "http://127.0.0.1:" + cluster.port(8183);
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).build();
        java.net.http.HttpResponse<String> login = browser.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(dashboard + "/api/login")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\": \"admin\", \"password\": \""
                        + cluster.adminPassword() + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        java.net.http.HttpResponse<String> forged = browser.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(dashboard + "/api/admin/kvdb/commands")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"command\": \"FLUSHALL\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertJsonError(new Answer(forged.statusCode(), "", forged.body()), 403, "CSRF");
    }

    // ---- helpers

    private static String command(String line) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("command", line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal by a parser in front of the application: the status, and the request not served. */
    private static void assertRefused(Answer answer, int status) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(status);
        assertThat(answer.all()).as("one answer only").containsOnlyOnce("HTTP/1.1 ");
    }

    private static void assertJsonError(Answer answer, int status, String says) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(status);
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.all(), e);
        }
        assertThat(body.path("error").asText()).as(answer.all()).isNotEmpty().contains(says);
    }

    private static Answer post(String path, String body) {
        return postBytes(path, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer postBytes(String path, byte[] body) {
        return exchange(cluster.port(11223), request("POST", path, null, body));
    }

    private static Answer adminRaw(String method, String path, String body) {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + cluster.adminPassword())
                .getBytes(StandardCharsets.UTF_8));
        return exchange(cluster.port(11223), request(method, path, auth, body));
    }

    private static Answer raw(String request) {
        return exchange(cluster.port(11223), request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] request(String method, String path, String authorization, String body) {
        return request(method, path, authorization, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] request(String method, String path, String authorization, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return join(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Writes a request as is and reads what comes back until the server closes or 10 s pass. */
    private static Answer exchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before it read everything: read what it said
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    got.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // reset after the answer, or the 10 s are up
            }
            return Answer.of(got.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw HTTP answer: status, the head, and the body of the first answer. */
    private record Answer(int status, String head, String body) {

        static Answer of(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || end < 0) {
                return new Answer(-1, text, "");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String head = text.substring(0, end);
            String rest = text.substring(end + 4);
            String length = headerOf(head, "content-length");
            String body = length == null ? rest : rest.substring(0, Math.min(rest.length(), Integer.parseInt(length)));
            return new Answer(status, text, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }

        String all() {
            return head.length() > 2000 ? head.substring(0, 2000) + "..." : head;
        }

        String header(String name) {
            return headerOf(head, name);
        }

        private static String headerOf(String head, String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
