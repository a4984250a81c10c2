package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/conduit check DIR}, on a cluster's directory and on a config directory, with no cluster running. */
class CheckCommandTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    /** The shape of {@code GET /conduit/admin/config/schema}: per kind its object and its file. */
    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {
              "outgoing-http": {"type": "object", "additionalProperties": false, "required": ["name", "address"],
                "properties": {"name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"},
                               "address": {"type": "string"}, "timeoutMs": {"type": "integer", "minimum": 1}}},
              "outgoing-http-file": {"type": "array", "items": {"$ref": "#/$defs/outgoing-http"}},
              "security": {"title": "security definition", "anyOf": [
                {"type": "object", "additionalProperties": false, "required": ["name", "username", "type"],
                 "properties": {"name": {"type": "string"}, "username": {"type": "string"}, "type": {"const": "basic"}}},
                {"type": "object", "additionalProperties": false, "required": ["name", "key", "type"],
                 "properties": {"name": {"type": "string"}, "key": {"type": "string"}, "type": {"const": "apikey"}}}]},
              "security-file": {"type": "array", "items": {"$ref": "#/$defs/security"}}}}
            """;

    @TempDir
    Path dir;

    @Test
    void aClustersDirectoryAsQuickstartMadeItIsOkAndEachMistakeIsNamedAtItsPlace() throws Exception {
        new ClusterCreator(HOME).create(dir, new ClusterSpec(2, 0), false,
                Map.of("openssl", Prerequisites.find("openssl").orElseThrow()));

        Run ok = check(dir);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains(": OK (4 settings files; the credentials; HAProxy's configuration (haproxy -c))");

        Path server2 = dir.resolve("server2/config.yml");
        Files.writeString(server2, Files.readString(server2).replaceFirst("\nredis:", "\nredis: [\n"));
        Files.setPosixFilePermissions(dir.resolve("admin.credentials"), PosixFilePermissions.fromString("rw-r--r--"));
        Path haproxy = dir.resolve("load-balancer/config/repo/conduit.config");
        Files.writeString(haproxy, Files.readString(haproxy).replace("    balance roundrobin", "    balance sideways"));

        Run broken = check(dir);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("3 problems:")
                .containsPattern("server2/config.yml:\\d+: is not valid YAML")
                .contains("admin.credentials: others can read it; chmod 600 " + dir.resolve("admin.credentials"))
                .containsPattern("load-balancer/config/repo/conduit.config:\\d+: balance only supports 'roundrobin'");
    }

    @Test
    void aConfigDirectoryIsCheckedAgainstItsSchemaAtEachFileAndLine() throws Exception {
        Files.writeString(dir.resolve("schema.json"), SCHEMA);
        Files.writeString(dir.resolve("outgoing-http.yaml"), """
                - name: CRM
                  address: ${CRM_ADDRESS:-http://127.0.0.1:18080}
                  timeoutMs: 5000
                """);
        Files.writeString(dir.resolve("security.yaml"), """
                - name: partner
                  type: basic
                  username: partner
                - name: robots
                  type: apikey
                  key: ${ROBOTS_KEY:-k}
                """);
        Run ok = check(dir);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains(": OK (a config directory of 2 kind files, 0 service files; every object against"
                + " schema.json)");

        Files.writeString(dir.resolve("outgoing-http.yaml"), """
                - name: CRM
                  address: http://127.0.0.1:18080
                  timeoutMs: soon
                - name: Payments
                  adress: http://127.0.0.1:18080
                """);
        Files.writeString(dir.resolve("channels-ftp.yaml"), "- name: drop\n");
        Files.writeString(dir.resolve("security.yaml"), """
                - name: partner
                  type: basic
                  key: k
                - name: robots
                  type: oauth
                """);
        Run broken = check(dir);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).as("a definition is checked against its own type only").contains("7 problems:")
                .contains("channels-ftp.yaml: no such kind; the cluster's kinds are outgoing-http.yaml, security.yaml")
                .containsPattern("security.yaml:1: .*required property 'username'")
                .containsPattern("security.yaml:3: .*'key' is not defined")
                .contains("security.yaml:5: type must be one of basic, apikey")
                .containsPattern("outgoing-http.yaml:3: .*integer")
                .containsPattern("outgoing-http.yaml:5: .*adress")
                .containsPattern("outgoing-http.yaml:4: .*address");
    }

    @Test
    void withoutASchemaOnlyTheFilesAreCheckedAndItSaysSo() throws Exception {
        Files.writeString(dir.resolve("outgoing-http.yaml"), "- name: CRM\n  address: [\n");
        Run broken = check(dir);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).containsPattern("outgoing-http.yaml:\\d+: is not valid YAML");

        Files.writeString(dir.resolve("outgoing-http.yaml"), "- name: CRM\n  address: http://x\n");
        assertThat(check(dir).out()).contains("no schema.json, so the objects' fields are left to the cluster's diff"
                + " and apply (bin/conduit export saves one)");
    }

    @Test
    void aPathThatIsNoDirectoryIsAUsageError() {
        Run run = check(dir.resolve("nowhere"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not a directory: name a cluster's directory or a config directory");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run check(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConduitCli.run(new String[] {"check", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
