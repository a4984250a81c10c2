package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conduit.common.auth.Credentials;
import io.conduit.common.auth.AdminFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cluster on disk, as {@code bin/conduit quickstart} lays it out: {@code admin.credentials},
 * {@code server1/config.yml} and the rest (docs/CLUSTER.md).
 */
final class ClusterDir {

    static final int DEFAULT_NODE_PORT = 17010;

    private final Path dir;

    ClusterDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    static ClusterDir existing(String dir) {
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new CliException(dir + " is not a cluster directory (bin/conduit quickstart " + dir + " creates one)");
        }
        return new ClusterDir(path);
    }

    Path path() {
        return dir;
    }

    Path credentialsFile() {
        return dir.resolve("admin.credentials");
    }

    Credentials admin() {
        if (!Files.isReadable(credentialsFile())) {
            throw new CliException("no " + credentialsFile() + ": it holds the admin user as username:password");
        }
        try {
            return AdminFactory.read(credentialsFile());
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** @return the server directories, {@code server1}, {@code server2}, ... in order */
    List<Path> servers() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().matches("server\\d+") && Files.isDirectory(p))
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
        } catch (IOException e) {
            throw new CliException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    /** @return the base URL of the first node: from its config.yml, or the default port */
    String nodeUrl() {
        String override = System.getenv("CONDUIT_URL");
        if (override != null && !override.isBlank()) {
            return override.replaceAll("/+$", "");
        }
        int port = Files.exists(dir.resolve(ClusterSpec.FILE)) ? ClusterSpec.read(dir).nodePort(1)
                : servers().stream().findFirst().map(s -> portOf(s.resolve("config.yml"))).orElse(DEFAULT_NODE_PORT);
        return "http://127.0.0.1:" + port;
    }

    private static int portOf(Path config) {
        if (!Files.isReadable(config)) {
            return DEFAULT_NODE_PORT;
        }
        try {
            JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
            JsonNode port = yaml.at("/server/applicationConnectors/0/port");
            return port.canConvertToInt() ? port.asInt() : DEFAULT_NODE_PORT;
        } catch (IOException e) {
            throw new CliException("cannot read " + config + ": " + e.getMessage());
        }
    }

    private static int number(Path server) {
        return Integer.parseInt(server.getFileName().toString().substring("server".length()));
    }
}
