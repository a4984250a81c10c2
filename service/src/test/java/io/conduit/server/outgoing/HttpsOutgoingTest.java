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
