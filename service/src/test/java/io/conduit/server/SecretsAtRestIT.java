package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.common.secrets.SecretKeys;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Passwords and keys of security definitions are sealed in the ODB with the cluster's key, which
 * the ODB never holds; a rotation seals them again with a new key while two nodes keep serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAtRestIT {

    private static TestCluster cluster;
    private static TestNode node1;
    private static TestNode node2;

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        node1 = cluster.start("server1");
        node2 = cluster.start("server2");
        node1.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        assertThat(node1.admin("POST", "/conduit/admin/security", "{\"name\": \"partner\", \"type\": \"basic\","
                + " \"username\": \"acme\", \"password\": \"s3cret-at-rest\"}").status()).isEqualTo(201);
        assertThat(node1.admin("POST", "/conduit/admin/security", "{\"name\": \"mobile\", \"type\": \"apikey\","
                + " \"header\": \"X-API-Key\", \"key\": \"k3y-at-rest\"}").status()).isEqualTo(201);
        assertThat(node1.admin("POST", "/conduit/admin/security", "{\"name\": \"crm-oauth\", \"type\": \"oauth2-client\","
                + " \"tokenUrl\": \"https://id.example.com/token\", \"clientId\": \"conduit\", \"clientSecret\":"
                + " \"cl1ent-s3cret-at-rest\"}").status()).isEqualTo(201);
        assertThat(node1.admin("POST", "/conduit/admin/users", "{\"name\": \"viewer\", \"password\":"
                + " \"us3r-passw0rd-at-rest\", \"roles\": [{\"role\": \"viewer\"}]}").status()).isEqualTo(201);
        node1.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"basic\", \"urlPath\": \"/ch/basic\","
                + " \"service\": \"fixtures.echo\", \"security\": \"partner\"}");
    }

    /** Every secret the cluster was given: none may be found at rest or in an answer. */
    private static final String[] CANARIES = {"s3cret-at-rest", "k3y-at-rest", "cl1ent-s3cret-at-rest",
        "us3r-passw0rd-at-rest"};

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void theOdbHoldsNeitherThePasswordsNorTheKeyAndTheNodesStillCheckCredentials() throws Exception {
        String key = Files.readString(cluster.dir().resolve("secrets.key")).strip();
        String stored = storedSecrets();
        assertThat(stored).contains("enc:v1:").doesNotContain(CANARIES).doesNotContain(key);
        try (Connection odb = cluster.odbConnection(); ResultSet tables = odb.getMetaData().getTables(null, null, "%", null)) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME");
                if (tables.getString("TABLE_SCHEM").equalsIgnoreCase("PUBLIC")) {
                    assertThat(dump(odb, table)).as(table).doesNotContain(key).doesNotContain(CANARIES);
                }
            }
        }
        for (TestNode node : new TestNode[] {node1, node2}) {
            assertThat(node.call("POST", "/ch/basic", "{}", "Authorization", TestNode.basic("acme", "s3cret-at-rest"))
                    .status()).isEqualTo(200);
            assertThat(node.call("POST", "/ch/basic", "{}", "Authorization", TestNode.basic("acme", "guess"))
                    .status()).isEqualTo(403);
        }
        assertThat(node1.admin("GET", "/conduit/admin/security", null).body()).doesNotContain(CANARIES);
        assertThat(node1.admin("GET", "/conduit/admin/config", null).body()).doesNotContain(CANARIES);
        assertThat(node1.admin("GET", "/conduit/admin/audit", null).body()).contains("crm-oauth").doesNotContain(CANARIES);
        assertThat(node1.admin("GET", "/conduit/admin/secrets", null).body()).doesNotContain(key);
        assertThat(node1.admin("GET", "/conduit/admin/users", null).body()).doesNotContain(CANARIES).doesNotContain("pbkdf2");
        for (TestNode node : new TestNode[] {node1, node2}) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.call("GET",
                    "/conduit/admin/whoami", null, "Authorization", TestNode.basic("viewer", "us3r-passw0rd-at-rest"))
                    .status()).as("the user's password, checked against its hash").isEqualTo(200));
        }
    }

    @Test
    @Order(2)
    void aRotationSealsEverySecretWithTheNewKeyAndEveryNodeFollows() throws Exception {
        Path file = cluster.dir().resolve("secrets.key");
        String oldKey = Files.readString(file).strip();
        String oldId = SecretKeys.parse(oldKey, "old").current().id();
        String newKey = SecretKeys.newKey();
        String newId = SecretKeys.parse(newKey, "new").current().id();

        Files.writeString(file, newKey + "\n" + oldKey + "\n");
        TestNode.Reply reseal = node1.admin("POST", "/conduit/admin/secrets/reseal", "");
        assertThat(reseal.status()).as(reseal.body()).isEqualTo(200);
        assertThat(reseal.json().path("key").asText()).isEqualTo(newId);
        assertThat(reseal.json().path("resealed").asInt()).as("three secrets and a user's hash").isEqualTo(4);
        Files.writeString(file, newKey + "\n");

        assertThat(storedSecrets()).contains("enc:v1:" + newId + ":").doesNotContain("enc:v1:" + oldId + ":");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                node2.admin("GET", "/conduit/admin/secrets", null).json().path("keys").toString()).contains(newId));

        assertThat(node1.admin("PUT", "/conduit/admin/security/partner", "{\"name\": \"partner\", \"type\": \"basic\","
                + " \"username\": \"acme\", \"password\": \"n3w-s3cret\"}").status()).isEqualTo(200);
        for (TestNode node : new TestNode[] {node1, node2}) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.call("POST", "/ch/basic", "{}",
                    "Authorization", TestNode.basic("acme", "n3w-s3cret")).status()).isEqualTo(200));
        }
    }

    private static String storedSecrets() throws Exception {
        try (Connection odb = cluster.odbConnection()) {
            return dump(odb, "CONFIG_OBJECT") + dump(odb, "CONFIG_RELEASE");
        }
    }

    private static String dump(Connection odb, String table) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (ResultSet rs = odb.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rows.append(rs.getString(c)).append(' ');
                }
                rows.append('\n');
            }
        }
        return rows.toString();
    }
}
