package io.conduit.server.testing;

import io.conduit.common.secrets.SecretKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.conduit.testing.RedisServer;

/**
 * Server nodes for one test class, sharing an ODB (an H2 file in a temp directory, or a given
 * PostgreSQL URL), a real Redis (with a password) and a random admin password. Stops every node it
 * started, and Redis.
 */
public final class TestCluster implements AutoCloseable {

    private final Path dir;
    private final String odbUrl;
    private final String odbUser;
    private final String password = UUID.randomUUID().toString().replace("-", "");
    private final Map<String, String> overrides;
    private final RedisServer redis;
    private final List<TestNode> nodes = new ArrayList<>();

    private TestCluster(Path dir, String odbUrl, String odbUser, Map<String, String> overrides) {
        this.dir = dir;
        this.odbUrl = odbUrl;
        this.odbUser = odbUser;
        this.overrides = Map.copyOf(overrides);
        this.redis = new RedisServer(UUID.randomUUID().toString()).start();
        writeCredentials();
    }

    /**
     * Writes {@code admin.credentials} as quickstart does, for tools that read it (the CLI, scripts),
     * and the cluster's secrets key, which every node is given.
     */
    private void writeCredentials() {
        try {
            Files.writeString(dir.resolve("admin.credentials"), "admin:" + password + "\n");
            Files.writeString(dir.resolve("secrets.key"), SecretKeys.newKey() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster on an H2 ODB file in a new temporary directory. */
    public static TestCluster h2() {
        return h2(Map.of());
    }

    /** A cluster on an H2 ODB, with config overrides for every node. */
    public static TestCluster h2(Map<String, String> overrides) {
        Path dir = tempDir();
        return new TestCluster(dir, "jdbc:h2:file:" + dir.resolve("odb/conduit") + ";AUTO_SERVER=TRUE", "conduit",
                overrides);
    }

    /** A cluster on a PostgreSQL ODB. */
    public static TestCluster postgres(String jdbcUrl, String user) {
        return new TestCluster(tempDir(), jdbcUrl, user, Map.of());
    }

    /** Starts a node named {@code name} with its own pickup-dir. */
    public TestNode start(String name) {
        return start(name, Map.of());
    }

    /** Starts a node with config overrides of its own. */
    public TestNode start(String name, Map<String, String> extra) {
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.putIfAbsent("secrets.keyFile", dir.resolve("secrets.key").toString());
        all.put("redis.url", redis.url());
        all.put("redis.password", redis.password());
        all.putAll(extra);
        TestNode node = TestNode.start(name, dir.resolve(name), odbUrl, odbUser, password, all);
        nodes.add(node);
        return node;
    }

    public Path dir() {
        return dir;
    }

    /** @return the cluster's real Redis */
    public RedisServer redis() {
        return redis;
    }

    /** @return the ODB's JDBC URL and user, for a test that reads what the nodes stored */
    public java.sql.Connection odbConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(odbUrl, odbUser, "");
    }

    /** @return the admin password */
    public String password() {
        return password;
    }

    @Override
    public void close() {
        for (TestNode node : nodes) {
            node.close();
        }
        redis.close();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("conduit-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
