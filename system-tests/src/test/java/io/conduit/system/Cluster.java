package io.conduit.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.auth.Admin1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cluster made the way a user makes one, with {@code bin/conduit quickstart}, on ports moved by
 * a free offset so it runs beside anything else, with helpers to call its parts.
 */
final class Cluster implements AutoCloseable {

    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] DEFAULT_PORTS = {16379, 16380, 16381, 16382, 16383, 11223, 11443, 11225, 20151, 8183, 17010, 17011, 17012, 17110, 17111,
        17112, 18080, 19092, 35101};

    final Path dir;
    final int offset;
    private final Reservation ports;
    // The nodes' warm-up is tested on its own (WarmUpIT): here a second of it keeps restarts short. The
    // parts run on the JIT's first tier (JAVA_OPTS, as an operator would set it): each test's cluster
    // lives a minute or two, and the second tier's compiling of its start-up took more of two shared
    // cores than the tests themselves (a 2-node cluster's start: 16 CPU-seconds against 38).
    private final Map<String, String> env = new java.util.HashMap<>(Map.of("CONDUIT_NO_BUILD", "1",
            "CONDUIT_WARM_UP", "1s", "JAVA_OPTS", "-XX:TieredStopAtLevel=1"));
    private boolean stopped;

    private Cluster(Path dir, Reservation ports) {
        this.dir = dir;
        this.offset = ports.offset();
        this.ports = ports;
    }

    /** Runs {@code bin/conduit quickstart DIR --servers N --port-offset K} and returns the running cluster. */
    static Cluster quickstart(int servers, String... options) throws Exception {
        return quickstart(servers, Map.of(), options);
    }

    /**
     * @param env more environment for {@code bin/conduit} and so for the parts it starts (config.yml reads
     *            {@code CONDUIT_*} variables), e.g. a shorter {@code CONDUIT_ASYNC_VISIBILITY_TIMEOUT}
     */
    static Cluster quickstart(int servers, Map<String, String> env, String... options) throws Exception {
        // open to other users, so that PostgreSQL (--odb postgres), which runs as postgres, reaches its data
        Path dir = Files.createTempDirectory("conduit-system-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("cluster");
        Cluster cluster = new Cluster(dir, freeOffset());
        cluster.env.putAll(env);
        int offset = cluster.offset;
        List<String> args = new ArrayList<>(List.of("quickstart", dir.toString(), "--servers", String.valueOf(servers),
                "--port-offset", String.valueOf(offset)));
        args.addAll(List.of(options));
        Result result = cluster.conduit(args.toArray(String[]::new));
        if (result.exit() != 0) {
            cluster.close();
            throw new AssertionError("quickstart failed:\n" + result.output());
        }
        return cluster;
    }

    /** A command's exit code and output. */
    record Result(int exit, String output) {
    }

    Result conduit(String... args) {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/conduit").toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port(int defaultPort) {
        return defaultPort + offset;
    }

    String frontend() {
        return "http://127.0.0.1:" + port(11223);
    }

    String agent() {
        return "http://127.0.0.1:" + port(20151);
    }

    String admin1Password() {
        return Admin1.read(dir.resolve("load-balancer/config/repo/conduit.config")).password();
    }

    String adminPassword() {
        return read("admin.credentials").strip().split(":", 2)[1];
    }

    long pid(String part) {
        return Long.parseLong(read("run/" + part + ".pid").strip());
    }

    String read(String relative) {
        try {
            return Files.readString(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer. */
    record Reply(int status, String body, Map<String, List<String>> headers) {

        Reply(int status, String body) {
            this(status, body, Map.of());
        }

        /** @return the first value of a response header, or null */
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    static Reply http(String method, String url, String body, String user, String password, String contentType) {
        return httpBytes(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8), user, password,
                contentType);
    }

    static Reply httpBytes(String method, String url, byte[] body, String user, String password, String contentType) {
        return httpBytes(method, url, body, user, password, contentType, Map.of());
    }

    /** A JSON call with one more request header. */
    static Reply httpWith(String method, String url, String body, String header, String value) {
        return httpBytes(method, url, body.getBytes(StandardCharsets.UTF_8), null, null, "application/json",
                Map.of(header, value));
    }

    static Reply httpBytes(String method, String url, byte[] body, String user, String password,
                                   String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply admin(String method, String path, String body) {
        return http(method, frontend() + path, body, "admin", adminPassword(), "application/json");
    }

    /** Deploys a {@code .java} or {@code .jar} through the admin API, as {@code bin/conduit deploy} does. */
    Reply deploy(String fileName, byte[] content) {
        return httpBytes("POST", frontend() + "/conduit/admin/services?name=" + fileName, content, "admin", adminPassword(),
                fileName.endsWith(".jar") ? "application/java-archive" : "text/x-java-source");
    }

    Reply agent(String method, String path, String body) {
        return http(method, agent() + path, body, "admin1", admin1Password(), "application/json");
    }

    /** @return the agent's view of one server */
    JsonNode server(String name) {
        for (JsonNode s : agent("GET", "/lb/servers", null).json()) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Applies the tutorial's config directory to this cluster: its connections, channel, service and KVDB keys. */
    void setUpTutorial() {
        Result setup = apply("examples/tutorial/config", tutorialAddresses());
        if (setup.exit() != 0) {
            throw new AssertionError("the tutorial's apply failed:\n" + setup.output());
        }
    }

    /** @return the environment the tutorial's config directory reads: the demo backends, on this cluster's ports */
    Map<String, String> tutorialAddresses() {
        return Map.of("CRM_ADDRESS", "http://127.0.0.1:" + port(18080),
                "PAYMENTS_ADDRESS", "http://127.0.0.1:" + port(18080),
                "FRAUD_ADDRESS", "tcp://127.0.0.1:" + port(35101));
    }

    /** Runs {@code bin/conduit apply DIR CONFIG} with more environment (the {@code ${VAR}}s CONFIG reads). */
    Result apply(String config, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(more);
        return run(List.of(HOME.resolve("bin/conduit").toString(), "apply", dir.toString(), config), all);
    }

    /** Deploys a service with {@code bin/conduit deploy}. */
    void deploy(Path file) {
        Result deploy = conduit("deploy", dir.toString(), file.toString());
        if (deploy.exit() != 0) {
            throw new AssertionError("deploying " + file + " failed:\n" + deploy.output());
        }
    }

    /** Creates (or replaces) a channel through HAProxy. */
    void channel(String name, String urlPath, String service) {
        String json = "{\"name\": \"" + name + "\", \"urlPath\": \"" + urlPath + "\", \"service\": \"" + service + "\"}";
        Reply created = admin("POST", "/conduit/admin/channels/http", json);
        if (created.status() == 409) {
            created = admin("PUT", "/conduit/admin/channels/http/" + name, json);
        }
        if (created.status() / 100 != 2) {
            throw new AssertionError("channel " + name + ": " + created.status() + " " + created.body());
        }
    }

    /** @return the process of a part, by the PID {@code bin/conduit} recorded */
    ProcessHandle process(String part) {
        return ProcessHandle.of(pid(part)).orElseThrow(() -> new AssertionError(part + " is not running"));
    }

    /** Kills a part at once ({@code SIGKILL}) and waits until it is gone. */
    void kill(String part) {
        ProcessHandle process = process(part);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** @return the server's status in HAProxy as the agent reports it, empty while HAProxy does not have it */
    String status(String server) {
        JsonNode s = server(server);
        return s == null ? "" : s.path("status").asText();
    }

    /** @return a service's calls in the last hour, as the dashboard's statistics API reports them */
    long usage(String service) {
        Reply reply = http("GET", "http://127.0.0.1:" + port(8183)
                + "/api/stats/top?by=usage&n=50&period=last-hour&percentiles=false", null, "admin", adminPassword(), null);
        if (reply.status() != 200) {
            throw new AssertionError("stats: " + reply.status() + " " + reply.body());
        }
        for (JsonNode row : reply.json().path("rows")) {
            if (row.path("service").asText().equals(service)) {
                return row.path("usage").asLong();
            }
        }
        return 0;
    }

    /** @return processes whose command line names this cluster's directory */
    List<ProcessHandle> processes() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker))
                .orElse(false)).toList();
    }

    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            conduit("stop", dir.toString());
            ports.close();
        }
    }

    /**
     * Finds an offset at which every port of a cluster is free, and reserves those ports against the
     * other test JVMs (test classes run in parallel forks): a lock file per port, held until the
     * cluster is closed. Two clusters with different offsets can still share a port; the locks see it.
     * Offsets stay below 12,000 so that every port but the demo fraud detection's stays below Linux's
     * ephemeral range (32768 and up): a busy test's client sockets are given ports from that range,
     * and once took a dashboard's port between the check and its start. The fraud detection's port is
     * in that range, so quickstart starts it first, before any part opens connections (a health check's
     * closed connection once held it in TIME-WAIT when it started last).
     */
    private static Reservation freeOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 12000);
            Reservation reservation = Reservation.tryPorts(offset, DEFAULT_PORTS);
            if (reservation == null) {
                continue;
            }
            boolean free = true;
            for (int port : DEFAULT_PORTS) {
                free &= free(port + offset);
            }
            if (free) {
                return reservation;
            }
            reservation.close();
        }
        throw new IllegalStateException("no free port offset found");
    }

    /** The ports of one cluster, locked for this JVM. */
    private record Reservation(int offset, List<java.nio.channels.FileChannel> locks) implements AutoCloseable {

        static Reservation tryPorts(int offset, int[] ports) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "conduit-test-ports");
            List<java.nio.channels.FileChannel> locks = new ArrayList<>();
            try {
                Files.createDirectories(dir);
                for (int port : ports) {
                    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                            dir.resolve((port + offset) + ".lock"), java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.WRITE);
                    if (channel.tryLock() == null) {
                        channel.close();
                        new Reservation(offset, locks).close();
                        return null;
                    }
                    locks.add(channel);
                }
                return new Reservation(offset, locks);
            } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                new Reservation(offset, locks).close();
                return null;
            }
        }

        @Override
        public void close() {
            for (java.nio.channels.FileChannel lock : locks) {
                try {
                    lock.close();
                } catch (IOException e) {
                    // released with the channel anyway
                }
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
