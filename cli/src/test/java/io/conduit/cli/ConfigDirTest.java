package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a config directory: overlays, ${VAR}s, services, and every problem at its file and line. */
class ConfigDirTest {

    @TempDir
    Path dir;

    @Test
    void objectsOverlaysVariablesAndServicesAreRead() throws IOException {
        write("outgoing-http.yaml", """
                # yaml-language-server: $schema=schema.json#/$defs/outgoing-http-file
                - name: CRM
                  address: ${CRM_ADDRESS:-http://127.0.0.1:18080}
                  urlPath: /crm/client
                - name: Payments
                  address: http://127.0.0.1:18080
                  urlPath: /payments/last
                  retries:
                    maxAttempts: 3
                """);
        write("security.yaml", """
                - name: partner
                  type: basic
                  username: acme
                  password: ${PARTNER_PASSWORD}
                  realm: $${not a variable}
                """);
        write("env/prod.yaml", """
                outgoing-http.yaml:
                  CRM:
                    address: https://crm.example.com
                  Payments:
                    retries:
                      maxAttempts: 5
                """);
        write("services/tutorial/GetClientDetails.java", "package tutorial;");
        write("kvdb.yaml", "myapp:types: [A, B]\nmyapp:notify: ${NOTIFY:-ops@example.com}\n");

        ConfigDir plain = ConfigDir.read(dir, null, Map.of("PARTNER_PASSWORD", "s3cret")::get);
        assertThat(plain.config().at("/outgoing-http/0/address").asText()).isEqualTo("http://127.0.0.1:18080");
        assertThat(plain.config().at("/security/0/password").asText()).isEqualTo("s3cret");
        assertThat(plain.config().at("/security/0/realm").asText()).isEqualTo("${not a variable}");
        assertThat(plain.services()).containsOnlyKeys("tutorial/GetClientDetails.java");
        assertThat(plain.kvdb().path("myapp:types").toString()).isEqualTo("[\"A\",\"B\"]");
        assertThat(plain.kvdb().path("myapp:notify").asText()).as("kvdb.yaml's ${VAR} set too").isEqualTo("ops@example.com");

        ConfigDir prod = ConfigDir.read(dir, "prod", Map.of("PARTNER_PASSWORD", "s3cret", "CRM_ADDRESS", "x")::get);
        assertThat(prod.config().at("/outgoing-http/0/address").asText()).isEqualTo("https://crm.example.com");
        assertThat(prod.config().at("/outgoing-http/1/retries/maxAttempts").asInt()).isEqualTo(5);
        assertThat(prod.config().at("/outgoing-http/1/urlPath").asText()).isEqualTo("/payments/last");
        assertThat(prod.locate("outgoing-http", "CRM", null, "address")).isEqualTo("env/prod.yaml:3");
        assertThat(prod.locate("outgoing-http", "Payments", null, "retries.maxAttempts")).isEqualTo("env/prod.yaml:6");
        assertThat(prod.locate("outgoing-http", "Payments", null, "urlPath")).isEqualTo("outgoing-http.yaml:7");
        assertThat(prod.locate("outgoing-http", null, 1, null)).isEqualTo("outgoing-http.yaml:5");
        assertThat(prod.locate("security", "partner", null, "username")).isEqualTo("security.yaml:3");
    }

    @Test
    void everyProblemOfTheFilesIsSaidAtItsFileAndLine() throws IOException {
        write("channels-http.yaml", """
                - name: a
                  urlPath: /a
                  service: ${MISSING_SERVICE}
                - name: a
                  urlPath: /b
                  service: s
                """);
        write("outgoing-zmq.yaml", "- name: broken\n  address: [unclosed\n");
        write("env/test.yaml", """
                channels-http.yaml:
                  nobody:
                    urlPath: /x
                security.yaml:
                  x: {}
                """);
        ConfigDirException e = catchThrowableOfType(ConfigDirException.class, () -> ConfigDir.read(dir, "test",
                Map.<String, String>of()::get));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("outgoing-zmq.yaml:2: is not valid YAML:"
                + " while parsing a flow sequence; expected ',' or ']'"));
        assertThat(e.problems()).filteredOn(p -> !p.startsWith("outgoing-zmq")).containsExactlyInAnyOrder(
                "env/test.yaml:2: channels-http.yaml has no object named 'nobody'",
                "env/test.yaml:4: there is no security.yaml to override",
                "channels-http.yaml:4: name 'a' is taken by the object at channels-http.yaml:1 too",
                "channels-http.yaml:3: service: ${MISSING_SERVICE} is not set in the environment; set it (export"
                        + " MISSING_SERVICE=...) and run again");
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
