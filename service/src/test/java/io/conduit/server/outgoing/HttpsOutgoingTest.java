package io.conduit.server.outgoing;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.conduit.common.error.InvalidInputException;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outgoing HTTPS: real TLS to a backend whose certificate only a per-connection CA file vouches for. */
class HttpsOutgoingTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private HttpsServer server;
    private Path certificate;

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("backend.p12");
        certificate = dir.resolve("backend.pem");
        keytool("-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=backend",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "backend", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/crm/client", exchange -> {
            byte[] answer = "{\"firstName\": \"Sean\", \"tls\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aConnectionWithItsCaFileCallsTheBackendOverTls() {
        try (HttpPool crm = new HttpPool(config(certificate.toString()), null, mapper)) {
            HttpResponse response = crm.send("cid-tls", Map.of("cust_id", 123));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.data().path("tls").asBoolean()).isTrue();
        }
    }

    @Test
    void withoutTheCaFileTheJvmsTrustStoreRefusesTheBackendAndTheErrorNamesTheConnection() {
        try (HttpPool crm = new HttpPool(config(null), null, mapper)) {
            OutgoingException e = catchThrowableOfType(OutgoingException.class, () -> crm.send("c", Map.of()));
            assertThat(e.connection()).isEqualTo("CRM");
            assertThat(e.getMessage()).startsWith("outgoing connection 'CRM' (POST " + address() + "/crm/client)")
                    .containsIgnoringCase("certificat");
        }
    }

    @Test
    void aCaFileIsRefusedForPlainHttpAndWhenItCannotBeRead() {
        assertThatThrownBy(() -> bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://127.0.0.1:1',"
                + " 'urlPath': '/x', 'caFile': '" + certificate + "'}"))
                .isInstanceOf(InvalidInputException.class).hasMessage("caFile is for https:// addresses only");
        assertThatThrownBy(() -> config(dir.resolve("missing.pem").toString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be read on this node");
    }

    @Test
    void aConnectionWithAClientCertificateIsLetInByABackendThatAsksForOne() throws Exception {
        Path clientStore = dir.resolve("client.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=conduit-client,O=Billing", "-validity", "2", "-storetype", "PKCS12", "-keystore", clientStore.toString(),
                "-storepass", "changeit");
        KeyStore client = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientStore)) {
            client.load(in, "changeit".toCharArray());
        }
        java.security.cert.Certificate clientCertificate = client.getCertificate("client");
        String pem = pem("CERTIFICATE", clientCertificate.getEncoded())
                + pem("PRIVATE KEY", client.getKey("client", "changeit".toCharArray()).getEncoded());
        List<String> subjects = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpsServer mutual = mutualTls(clientCertificate, subjects);
        try {
            String address = "https://127.0.0.1:" + mutual.getAddress().getPort();
            try (HttpPool crm = new HttpPool(bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address
                    + "', 'urlPath': '/crm/client', 'timeoutMs': 5000, 'caFile': '" + certificate + "', 'clientCertificate': '"
                    + pem.replace("\n", "\\n") + "'}"), null, mapper)) {
                assertThat(crm.send("cid-mtls", Map.of()).statusCode()).isEqualTo(200);
            }
            assertThat(subjects).containsExactly("CN=conduit-client,O=Billing");
            OutgoingHttpConfig shown = bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address
                    + "', 'clientCertificate': '" + pem.replace("\n", "\\n") + "'}");
            assertThat(io.conduit.server.config.TestConfig.JSON.view(shown).toString()).contains("\"clientCertificateSet\":true")
                    .doesNotContain("PRIVATE KEY");
            assertThat(shown.toString()).doesNotContain("PRIVATE KEY");

            try (HttpPool anonymous = new HttpPool(bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address
                    + "', 'urlPath': '/crm/client', 'timeoutMs': 5000, 'caFile': '" + certificate + "'}"), null, mapper)) {
                OutgoingException refused = catchThrowableOfType(OutgoingException.class, () -> anonymous.send("c", Map.of()));
                assertThat(refused.connection()).isEqualTo("CRM");
                assertThat(subjects).hasSize(1);
            }
        } finally {
            mutual.stop(0);
        }
    }

    @Test
    void aClientCertificateWithoutItsKeyOrForPlainHttpIsRefusedSayingWhy() throws Exception {
        String certificateOnly = Files.readString(certificate).replace("\r", "").replace("\n", "\\n");
        assertThatThrownBy(() -> bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address()
                + "', 'clientCertificate': '" + certificateOnly + "'}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("clientCertificate holds no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY)");
        assertThatThrownBy(() -> bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': 'http://127.0.0.1:1',"
                + " 'clientCertificate': 'not a certificate'}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("clientCertificate is for https:// addresses only");
    }

    /** @return a backend that lets in only clients presenting {@code trusted}, noting each one's subject */
    private HttpsServer mutualTls(java.security.cert.Certificate trusted, List<String> subjects) throws Exception {
        KeyStore backend = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("backend.p12"))) {
            backend.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(backend, "changeit".toCharArray());
        KeyStore clients = KeyStore.getInstance("PKCS12");
        clients.load(null, null);
        clients.setCertificateEntry("client", trusted);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clients);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer mutual = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        mutual.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        mutual.createContext("/crm/client", exchange -> {
            subjects.add(((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            byte[] answer = "{\"mtls\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        mutual.start();
        return mutual;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private String address() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private OutgoingHttpConfig config(String caFile) {
        return bind(OutgoingHttpConfig.KIND, "{'name': 'CRM', 'address': '" + address() + "', 'urlPath': '/crm/client',"
                + " 'timeoutMs': 5000, 'poolSize': 2" + (caFile == null ? "" : ", 'caFile': '" + caFile + "'") + "}");
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
