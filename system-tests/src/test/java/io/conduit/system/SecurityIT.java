package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.common.tls.TrustedCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on a cluster made by {@code quickstart}, which runs the packaged node jar: what a user
 * runs, not the classes a unit test sees.
 */
class SecurityIT {

    private static Cluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void mutualTlsThroughHaproxyAdmitsTheListedSubjectAndRefusesTheRestSayingWhy() throws Exception {
        Path tls = cluster.dir.resolve("load-balancer/tls");
        Path openssl = io.conduit.testing.Binaries.require("openssl");
        String partner = clientCertificate(openssl, tls.resolve("ca.crt"), tls.resolve("ca.key"), "/O=Acme/CN=partner-a");
        String stranger = clientCertificate(openssl, tls.resolve("ca.crt"), tls.resolve("ca.key"), "/O=Acme/CN=stranger");
        openssl(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=Another CA");
        String impostor = clientCertificate(openssl, dir.resolve("other-ca.crt"), dir.resolve("other-ca.key"),
                "/O=Acme/CN=partner-a");

        cluster.deploy(Cluster.HOME.resolve("examples/rest/GetPayments.java"));
        assertThat(cluster.admin("POST", "/conduit/admin/security", "{\"type\": \"mtls\", \"name\": \"partners\","
                + " \"subjects\": [\"CN=partner-a,O=Acme\"]}").status()).isEqualTo(201);
        Cluster.Reply channel = cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"partner-payments\","
                + " \"urlPath\": \"/partners/customers/{id}/payments\", \"method\": \"GET\", \"service\":"
                + " \"rest.get-payments\", \"security\": \"partners\"}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);

        String ca = tls.resolve("ca.crt").toString();
        HttpResponse<String> admitted = io.conduit.testing.Await.value(() -> {
            HttpResponse<String> r = payments(TrustedCertificates.context(ca, partner), null);
            return r.statusCode() == 200 ? r : null;
        }, java.time.Duration.ofSeconds(20));
        assertThat(admitted.body()).as("the service sees the subject as the principal")
                .contains("\"requestedBy\":\"CN=partner-a,O=Acme\"");

        HttpResponse<String> none = payments(TrustedCertificates.trusting(ca), null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("needs a client certificate");
        HttpResponse<String> notListed = payments(TrustedCertificates.context(ca, stranger), null);
        assertThat(notListed.statusCode()).isEqualTo(403);
        assertThat(notListed.body()).contains("CN=stranger,O=Acme is not admitted by this channel");
        HttpResponse<String> otherCa = payments(TrustedCertificates.context(ca, impostor), null);
        assertThat(otherCa.statusCode()).isEqualTo(401);
        assertThat(otherCa.body()).contains("did not verify against the cluster's client CA");
        HttpResponse<String> spoofed = payments(TrustedCertificates.trusting(ca), "CN=partner-a,O=Acme");
        assertThat(spoofed.statusCode()).as("a subject header sent by the client is removed").isEqualTo(401);
        Cluster.Reply plain = Cluster.httpWith("GET", cluster.frontend() + "/partners/customers/7/payments", "",
                "X-Conduit-Client-Subject", "CN=partner-a,O=Acme");
        assertThat(plain.status()).isEqualTo(401);
        // straight to a node's own port, past HAProxy: the subject is not believed without HAProxy's proof
        Cluster.Reply direct = Cluster.httpBytes("GET", "http://127.0.0.1:" + cluster.port(17010)
                + "/partners/customers/7/payments", new byte[0], null, null, "application/json", java.util.Map.of(
                "X-Conduit-Client-Subject", "CN=partner-a,O=Acme", "X-Conduit-Client-Verify", "0",
                "X-Conduit-Client-Proof", "a-guess"));
        assertThat(direct.status()).as(direct.body()).isEqualTo(401);
        assertThat(direct.body()).contains("without the cluster's HAProxy's proof");
        // the proof is HAProxy's secret: the LB agent's answers mask it like admin1's password
        String proof = io.conduit.common.haproxy.ClientProofs.of(Files.readString(
                cluster.dir.resolve("load-balancer/config/repo/conduit.config"))).orElseThrow();
        Cluster.Reply shown = cluster.agent("GET", "/lb/config", null);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("X-Conduit-Client-Proof").doesNotContain(proof);
    }

    private HttpResponse<String> payments(javax.net.ssl.SSLContext tls, String spoofedSubject) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + cluster.port(11443)
                + "/partners/customers/7/payments?limit=1"));
        if (spoofedSubject != null) {
            request.header("X-Conduit-Client-Subject", spoofedSubject);
        }
        try {
            return HttpClient.newBuilder().sslContext(tls).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return PEM text: a new certificate for {@code subject} signed by that CA, and its PKCS#8 key */
    private String clientCertificate(Path openssl, Path caCertificate, Path caKey, String subject) throws Exception {
        String name = subject.replaceAll("[^A-Za-z0-9]", "") + "-" + caCertificate.getFileName().toString().replace(".crt", "");
        openssl(openssl, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl(openssl, "x509", "-req", "-in", name + ".csr", "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-CAserial", dir.resolve(name + ".srl").toString(), "-out", name + ".crt", "-days", "2");
        return Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve(name + ".key"));
    }

    private void openssl(Path openssl, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void aServiceThatImportsTheServerOrJettyDoesNotCompileOnThePackagedNode() {
        Cluster.Reply reply = cluster.deploy("Sneaky.java", """
                import io.conduit.api.Service;
                import io.conduit.server.invoke.Invoker;
                import org.eclipse.jetty.server.Server;
                public class Sneaky extends Service {
                    public void handle() {
                        response().setPayload(String.valueOf(Invoker.class) + new Server());
                    }
                }
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("diagnostics").findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains("package io.conduit.server.invoke does not exist"))
                .anySatisfy(m -> assertThat(m).contains("package org.eclipse.jetty.server does not exist"));
    }

    @Test
    void aJarThatReachesForJettyByNameIsRefusedAtLoad() {
        Cluster.Reply reply = cluster.deploy("reflects.jar", jarOf("Reflects", """
                public class Reflects extends io.conduit.api.Service {
                    public void handle() throws Exception {
                        response().setPayload(Class.forName("org.eclipse.jetty.server.Server").getName());
                    }
                }
                """));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("error").asText())
                .contains("Reflects uses org.eclipse.jetty.server.Server, which services cannot use")
                .contains("a service sees only io.conduit.api, com.fasterxml.jackson, org.slf4j, jakarta.validation and the JDK");
    }

    @Test
    void aServerClassNamedAtRunTimeDoesNotResolveInAService() {
        Cluster.Reply deployed = cluster.deploy("computes.jar", jarOf("Computes", """
                public class Computes extends io.conduit.api.Service {
                    public void handle() {
                        String name = request().payload().path("find").asText();
                        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
                        for (ClassLoader loader : java.util.List.of(Computes.class.getClassLoader(),
                                Thread.currentThread().getContextClassLoader())) {
                            try {
                                found.put(loader.getName(), Class.forName(name, false, loader).getName());
                            } catch (ClassNotFoundException e) {
                                found.put(loader.getName(), e.getMessage());
                            }
                        }
                        response().setPayload(found);
                    }
                }
                """));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);

        JsonNode server = invoke("computes", "{\"find\": \"io.conduit.server.ConduitApplication\"}");
        assertThat(server.size()).isEqualTo(1);
        assertThat(server.elements().next().asText()).isEqualTo("io.conduit.server.ConduitApplication is not visible"
                + " to services: a service sees only io.conduit.api, com.fasterxml.jackson, org.slf4j, jakarta.validation and the JDK"
                + " (a jar must include any other library it needs)");
        JsonNode jetty = invoke("computes", "{\"find\": \"org.eclipse.jetty.server.Server\"}");
        assertThat(jetty.elements().next().asText()).contains("is not visible to services");
        JsonNode api = invoke("computes", "{\"find\": \"com.fasterxml.jackson.databind.ObjectMapper\"}");
        assertThat(api.elements().next().asText()).isEqualTo("com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void quickstartMakesAPrivateKeyAndRotateKeySealsTheSecretsWithANewOneWhileTheClusterServes() throws Exception {
        Path keyFile = cluster.dir.resolve("secrets.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String oldKey = Files.readString(keyFile).strip();
        assertThat(cluster.admin("POST", "/conduit/admin/security", "{\"name\": \"partner\", \"type\": \"basic\","
                + " \"username\": \"acme\", \"password\": \"s3cret-rotated\"}").status()).isEqualTo(201);
        assertThat(cluster.deploy("Hello.java", """
                public class Hello extends io.conduit.api.Service {
                    public void handle() {
                        response().setPayload(java.util.Map.of("hello", "partner"));
                    }
                }
                """.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        assertThat(cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"partner\", \"urlPath\":"
                + " \"/partner/hello\", \"service\": \"hello\", \"security\": \"partner\"}").status()).isEqualTo(201);
        String url = cluster.frontend() + "/partner/hello";
        assertThat(Cluster.http("POST", url, "{}", "acme", "s3cret-rotated", "application/json").status()).isEqualTo(200);

        Cluster.Result rotate = cluster.conduit("rotate-key", cluster.dir.toString());

        assertThat(rotate.exit()).as(rotate.output()).isZero();
        assertThat(rotate.output()).contains("Rotated the secrets key: ").contains("1 secrets sealed again")
                .doesNotContain(oldKey);
        String newKey = Files.readString(keyFile).strip();
        assertThat(newKey).isNotEqualTo(oldKey).doesNotContain("\n");
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Cluster.http("POST", url, "{}", "acme", "s3cret-rotated", "application/json").status()).isEqualTo(200);
        assertThat(Cluster.http("POST", url, "{}", "acme", "guess", "application/json").status()).isEqualTo(403);
    }

    @Test
    void passwordGuessersWaitLongerAndLongerWhileTheRealUsersGetIn() throws Exception {
        assertGuessersAreSlowedAndTheUserGetsIn(cluster.frontend() + "/conduit/admin/channels/http", "admin",
                cluster.adminPassword());
        assertGuessersAreSlowedAndTheUserGetsIn(cluster.agent() + "/lb/servers", "admin1", cluster.admin1Password());

        // the node's refusals are in the audit trail, counted: a few rows, not one per guess
        JsonNode refused = io.conduit.testing.Await.value(() -> {
            JsonNode entries = cluster.admin("GET", "/conduit/admin/audit?limit=1000", null).json();
            java.util.List<JsonNode> rows = new java.util.ArrayList<>();
            entries.forEach(e -> {
                if ("refused".equals(e.path("action").asText()) && "admin".equals(e.path("by").asText())) {
                    rows.add(e);
                }
            });
            return rows.isEmpty() ? null : rows.get(0);
        }, java.time.Duration.ofSeconds(30));
        assertThat(refused.path("kind").asText()).isEqualTo("credentials");
        assertThat(refused.path("status").asInt()).isEqualTo(401);
        assertThat(refused.path("name").asText()).matches("\\d+ attempts?, .*GET /conduit/admin/channels/http");
        assertThat(refused.path("from").asText()).isEqualTo("127.0.0.1");
    }

    /**
     * Eight guessers try passwords for the real user name, one after the other each, for three
     * seconds; unthrottled they would get thousands of answers. Meanwhile the real user gets in.
     */
    private static void assertGuessersAreSlowedAndTheUserGetsIn(String url, String user, String password)
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger wrongStatus = new java.util.concurrent.atomic.AtomicInteger();
        long until = System.nanoTime() + 3_000_000_000L;
        java.util.concurrent.ExecutorService guessers = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int g = 0; g < 8; g++) {
            int guesser = g;
            guessers.execute(() -> {
                for (int i = 0; System.nanoTime() < until; i++) {
                    int status = Cluster.http("GET", url, null, user, "guess-" + guesser + "-" + i, null).status();
                    answers.incrementAndGet();
                    if (status != 401) {
                        wrongStatus.incrementAndGet();
                    }
                }
            });
        }
        List<Integer> real = new java.util.ArrayList<>();
        while (System.nanoTime() < until) {
            real.add(Cluster.http("GET", url, null, user, password, null).status());
        }
        guessers.shutdown();
        assertThat(guessers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(real).as("the real user's calls to " + url).isNotEmpty().containsOnly(200);
        assertThat(wrongStatus.get()).as("answers to guesses that were not 401").isZero();
        assertThat(answers.get()).as("guesses answered in 3 s at " + url).isBetween(8, 80);
    }

    @Test
    void channelsAnswerOverHttpsWithTheClustersCertificateAndTheSwitchRedirectsPlainHttp() throws Exception {
        Path ca = cluster.dir.resolve("load-balancer/tls/ca.crt");
        HttpClient trusting = HttpClient.newBuilder().sslContext(TrustedCertificates.trusting(ca.toString())).build();
        String https = "https://127.0.0.1:" + cluster.port(11443);

        HttpResponse<String> ping = trusting.send(HttpRequest.newBuilder(URI.create(https + "/conduit/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).startsWith("TLSv1."));
        assertThat(catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(https + "/conduit/ping")).build(), HttpResponse.BodyHandlers.ofString())))
                .as("a client that does not trust the cluster's CA").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

        String config = cluster.agent("GET", "/lb/config", null).json().path("text").asText();
        assertThat(config).contains("    # http-request redirect location https://");
        Cluster.Reply saved = Cluster.http("PUT", cluster.agent() + "/lb/config",
                config.replace("    # http-request redirect", "    http-request redirect"), "admin1",
                cluster.admin1Password(), "text/plain");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        try {
            HttpResponse<String> redirected = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cluster.frontend() + "/some/channel?x=1")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(redirected.statusCode()).isEqualTo(308);
            assertThat(redirected.headers().firstValue("Location")).hasValue(https + "/some/channel?x=1");
            assertThat(Cluster.http("GET", cluster.frontend() + "/conduit/admin/channels/http", null, "admin",
                    cluster.adminPassword(), null).status()).as("the admin API too").isEqualTo(308);
            assertThat(Cluster.http("GET", cluster.frontend() + "/haproxy/health", null, null, null, null).status())
                    .as("HAProxy's own health check stays on HTTP").isEqualTo(200);
            HttpResponse<String> channel = trusting.send(HttpRequest.newBuilder(URI.create(https + "/some/channel"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(channel.statusCode()).as("no such channel, answered over HTTPS").isEqualTo(404);
        } finally {
            assertThat(Cluster.http("PUT", cluster.agent() + "/lb/config", config, "admin1", cluster.admin1Password(),
                    "text/plain").status()).isEqualTo(200);
        }
    }


    /** Invokes a service through the admin API; a deployment answers once the cluster has loaded it. */
    private static JsonNode invoke(String service, String payload) {
        Cluster.Reply reply = cluster.admin("POST", "/conduit/admin/invoke/" + service, payload);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Compiles one class against the whole node (as a jar built elsewhere may be) and packs it. */
    private byte[] jarOf(String className, String source) {
        try {
            Path src = Files.writeString(dir.resolve(className + ".java"), source);
            Path out = Files.createDirectories(dir.resolve("classes-" + className));
            int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                    "-classpath", System.getProperty("java.class.path"), "-d", out.toString(), src.toString());
            assertThat(exit).as("javac's exit code for " + className).isZero();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes); Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    jar.putNextEntry(new JarEntry(out.relativize(f).toString()));
                    jar.write(Files.readAllBytes(f));
                    jar.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
