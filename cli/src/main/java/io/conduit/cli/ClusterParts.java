package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.auth.Admin1;
import io.conduit.common.auth.AdminFactory;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The processes of a cluster on one host, in start order: the demo backends, Redis (with its
 * replica and sentinels), the ODB, the server nodes, HAProxy, the LB agent (and the dashboard once
 * it is built), each with how to start it, how to tell it is healthy, and the ports it needs.
 */
final class ClusterParts {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One part of the cluster.
     *
     * @param log     where its log is
     * @param console where its standard output and error go (the same file, but for server nodes,
     *                which log to their own file and print only warnings and start-up failures)
     */
    record Part(String name, String what, String address, List<Integer> ports, Path pidFile, Path log, Path console,
                Supplier<Long> starter, BooleanSupplier healthy) {

        Part(String name, String what, String address, List<Integer> ports, Path pidFile, Path log,
             Supplier<Long> starter, BooleanSupplier healthy) {
            this(name, what, address, ports, pidFile, log, log, starter, healthy);
        }

        /** @return where to look when it failed */
        String logs() {
            return log.equals(console) ? log.toString() : console + " and " + log;
        }
    }

    private final Path home;
    private final Path dir;
    private final ClusterSpec spec;
    private final ProcessControl processes;
    private final Map<String, Path> programs;

    ClusterParts(Path home, Path dir, ClusterSpec spec, ProcessControl processes, Map<String, Path> programs) {
        this.home = home;
        this.dir = dir;
        this.spec = spec;
        this.processes = processes;
        this.programs = programs;
    }

    List<Part> all() {
        List<Part> parts = new ArrayList<>();
        // The demo backends first: they need nothing, and the fraud detection's port (35101 + offset) lies
        // in Linux's range of ephemeral ports, which the connections the other parts open draw from.
        parts.add(backends());
        parts.add(fraudDetection());
        parts.add(redis());
        if (spec.ha()) {
            parts.add(redisReplica());
            for (int n = 1; n <= ClusterSpec.SENTINELS; n++) {
                parts.add(sentinel(n));
            }
        }
        if (spec.odb().equals("h2")) {
            parts.add(odb());
        } else if (spec.localPostgres()) {
            parts.add(postgres());
        }
        for (int n = 1; n <= spec.servers(); n++) {
            parts.add(server(n));
        }
        parts.add(haproxy());
        parts.add(agent());
        if (Files.exists(dir.resolve("dashboard/config.yml"))) {
            parts.add(dashboard());
        }
        return parts;
    }

    private Part redis() {
        Path log = dir.resolve("redis/redis.log");
        return new Part("redis", "Redis", "127.0.0.1:" + spec.redisPort(), List.of(spec.redisPort()),
                processes.pidFile("redis"), log,
                () -> processes.start("redis", List.of(program("redis-server").toString(),
                        dir.resolve("redis/redis.conf").toString()), dir.resolve("redis"), log, Map.of()),
                () -> listening(spec.redisPort()));
    }

    /** With {@code --ha}: the replica, which a failover may make the master. */
    private Part redisReplica() {
        Path log = dir.resolve("redis-replica/redis.log");
        return new Part("redis-replica", "Redis replica", "127.0.0.1:" + spec.replicaPort(),
                List.of(spec.replicaPort()), processes.pidFile("redis-replica"), log,
                () -> processes.start("redis-replica", List.of(program("redis-server").toString(),
                        dir.resolve("redis-replica/redis.conf").toString()), dir.resolve("redis-replica"), log, Map.of()),
                () -> listening(spec.replicaPort()));
    }

    /** With {@code --ha}: sentinel {@code n}, which is redis-server in sentinel mode. */
    private Part sentinel(int n) {
        String name = "sentinel" + n;
        Path log = dir.resolve(name + "/sentinel.log");
        return new Part(name, "Redis Sentinel", "127.0.0.1:" + spec.sentinelPort(n), List.of(spec.sentinelPort(n)),
                processes.pidFile(name), log,
                () -> processes.start(name, List.of(program("redis-server").toString(),
                        dir.resolve(name + "/sentinel.conf").toString(), "--sentinel"), dir.resolve(name), log, Map.of()),
                () -> listening(spec.sentinelPort(n)));
    }

    /** With {@code --odb postgres} and no URL: the cluster's own PostgreSQL. */
    private Part postgres() {
        Path log = dir.resolve("odb/postgres.log");
        LocalPostgres postgres = new LocalPostgres(dir.resolve("odb"), spec.odbPort());
        return new Part("odb", "ODB (PostgreSQL)", spec.odbJdbcUrl(), List.of(spec.odbPort()), processes.pidFile("odb"),
                log, () -> processes.start("odb", postgres.command(), dir.resolve("odb"), log, Map.of()),
                () -> listening(spec.odbPort()));
    }

    /** A server node's command line: the JVM options in service/jvm.options, then JAVA_OPTS, then the node. */
    private List<String> nodeCommand(Path serverDir) {
        List<String> options = new ArrayList<>(JvmOptions.read(home.resolve("service/jvm.options")));
        options.add("-Dconduit.cluster=" + dir);
        return java(options, "-jar", jar("service/target/conduit-service.jar").toString(), "server",
                serverDir.resolve("config.yml").toString());
    }

    /**
     * The ODB: an H2 server of its own on the loopback address, holding the file in {@code odb/}, so
     * the nodes can stop, restart and fail one by one without taking the ODB with them.
     */
    private Part odb() {
        Path odb = dir.resolve("odb");
        Path log = odb.resolve("h2.log");
        return new Part("odb", "ODB (H2 server)", "jdbc:h2:tcp://127.0.0.1:" + spec.odbPort() + "/conduit",
                List.of(spec.odbPort()), processes.pidFile("odb"), log,
                () -> processes.start("odb", java(List.of("-Dh2.bindAddress=127.0.0.1"), "-cp",
                        jar("service/target/conduit-service.jar").toString(), "org.h2.tools.Server", "-tcp",
                        "-tcpPort", String.valueOf(spec.odbPort()), "-baseDir", odb.toString()), odb, log, Map.of()),
                () -> listening(spec.odbPort()));
    }

    private Part server(int n) {
        String name = "server" + n;
        Path serverDir = dir.resolve(name);
        Path console = serverDir.resolve("logs/console.log");
        return new Part(name, "server node", "http://127.0.0.1:" + spec.nodePort(n),
                List.of(spec.nodePort(n), spec.nodeAdminPort(n)), processes.pidFile(name),
                serverDir.resolve("logs/server.log"), console,
                () -> processes.start(name, nodeCommand(serverDir), serverDir, console, Map.of()),
                () -> httpOk("http://127.0.0.1:" + spec.nodePort(n) + "/conduit/ping", null));
    }

    /**
     * HAProxy in master-worker mode, kept in the foreground ({@code -db}) so that the PID recorded is
     * the master's, known before it returns: a daemonizing launcher would write its PID file only
     * after it exits, a race. Its log goes to the part's log file.
     */
    private Part haproxy() {
        Path lb = dir.resolve("load-balancer");
        Path log = lb.resolve("logs/haproxy.log");
        return new Part("haproxy", "HAProxy", "http://127.0.0.1:" + spec.frontendPort(),
                List.of(spec.frontendPort(), spec.httpsPort(), spec.haproxyAdminPort()), processes.pidFile("haproxy"), log,
                () -> processes.start("haproxy", List.of(program("haproxy").toString(), "-W", "-db",
                        "-S", dir.resolve("run/haproxy-master.sock").toString(),
                        "-f", lb.resolve("config/repo/conduit.config").toString()), lb, log, Map.of()),
                () -> httpOk("http://127.0.0.1:" + spec.frontendPort() + "/haproxy/health", null));
    }

    private Part agent() {
        Path lb = dir.resolve("load-balancer");
        Path log = lb.resolve("logs/agent.log");
        return new Part("lb-agent", "LB agent", "http://127.0.0.1:" + spec.agentPort(), List.of(spec.agentPort()),
                processes.pidFile("lb-agent"), log,
                () -> processes.start("lb-agent", java(List.of("-Dconduit.cluster=" + dir), "-jar",
                        jar("load-balancer/target/conduit-load-balancer.jar").toString(), "server",
                        lb.resolve("agent.yml").toString()), lb, log, Map.of()),
                () -> httpOk("http://127.0.0.1:" + spec.agentPort() + "/lb/status", admin1()));
    }

    private Part dashboard() {
        Path dashboard = dir.resolve("dashboard");
        Path log = dashboard.resolve("logs/dashboard.log");
        return new Part("dashboard", "dashboard", "http://127.0.0.1:" + spec.dashboardPort(),
                List.of(spec.dashboardPort()), processes.pidFile("dashboard"), log,
                () -> processes.start("dashboard", java(List.of("-Dconduit.cluster=" + dir), "-jar",
                        jar("stats-dashboard/target/conduit-stats-dashboard.jar").toString(), "server",
                        dashboard.resolve("config.yml").toString()), dashboard, log, Map.of()),
                () -> httpOk("http://127.0.0.1:" + spec.dashboardPort() + "/api/stats/periods", admin()));
    }

    private Part backends() {
        Path log = dir.resolve("backends/logs/crm-and-payments.log");
        return new Part("crm-and-payments", "demo CRM and Payments", "http://127.0.0.1:" + spec.backendsPort(),
                List.of(spec.backendsPort()), processes.pidFile("crm-and-payments"), log,
                () -> processes.start("crm-and-payments", java(List.of("-Dconduit.cluster=" + dir),
                        home.resolve("examples/tutorial/backends/CrmAndPayments.java").toString(),
                        String.valueOf(spec.backendsPort())), dir.resolve("backends"), log, Map.of()),
                () -> listening(spec.backendsPort()));
    }

    private Part fraudDetection() {
        Path log = dir.resolve("backends/logs/fraud-detection.log");
        return new Part("fraud-detection", "demo fraud detection", "tcp://127.0.0.1:" + spec.fraudPort(),
                List.of(spec.fraudPort()), processes.pidFile("fraud-detection"), log,
                () -> processes.start("fraud-detection", java(List.of("-Dconduit.cluster=" + dir), "-cp",
                        jar("service/target/conduit-service.jar").toString(),
                        home.resolve("examples/tutorial/backends/FraudDetection.java").toString(),
                        "tcp://127.0.0.1:" + spec.fraudPort()), dir.resolve("backends"), log, Map.of()),
                () -> listening(spec.fraudPort()));
    }

    /**
     * Stops a part by its recorded PID (HAProxy's master stops its workers). A server node drains
     * first (up to its drainTimeout, then its shutdownGracePeriod), so it gets longer before SIGKILL.
     */
    void processesStop(Part part) {
        processes.stop(part.pidFile(), isServer(part) ? 90 : part.name().startsWith("redis") ? 30 : 20);
    }

    static boolean isServer(Part part) {
        return part.name().matches("server\\d+");
    }

    /**
     * @param server a server node's name
     * @return its status in HAProxy as the LB agent reports it ({@code UP}, {@code DOWN 1/2}, ...),
     *     or empty if HAProxy does not have it
     * @throws CliException if the agent does not answer
     */
    Optional<String> haproxyStatus(String server) {
        JsonNode servers = agent("GET", "/lb/servers");
        for (JsonNode s : servers) {
            if (s.path("name").asText().equals(server)) {
                return Optional.of(s.path("status").asText());
            }
        }
        return Optional.empty();
    }

    /** Reloads HAProxy gracefully through the LB agent; @return the new worker's pid */
    long reloadHaproxy() {
        return agent("POST", "/lb/reload").path("pid").asLong();
    }

    private JsonNode agent(String method, String path) {
        String url = "http://127.0.0.1:" + spec.agentPort() + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        Credentials admin1 = admin1();
        if (admin1 != null) {
            request.header("Authorization", BasicAuth.header(admin1));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new CliException("the LB agent answered " + method + " " + path + " with " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("the LB agent at " + url + " does not answer (" + e.getMessage() + "); start it"
                    + " with: bin/conduit start " + dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }


    /** @return whether a part's process, just started, is still alive */
    boolean alive(Part part) {
        return processes.alive(part.pidFile());
    }

    Optional<Long> pid(Part part) {
        return processes.running(part.pidFile());
    }

    Credentials admin() {
        try {
            return AdminFactory.read(dir.resolve("admin.credentials"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    Credentials admin1() {
        try {
            return Admin1.read(dir.resolve("load-balancer/config/repo/conduit.config"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Path program(String name) {
        Path path = programs.get(name);
        if (path == null) {
            throw new CliException(name + " is not installed");
        }
        return path;
    }

    private Path jar(String relative) {
        Path jar = home.resolve(relative);
        if (!Files.isReadable(jar)) {
            throw new CliException(jar + " is missing; build with: mvn -B -DskipTests package");
        }
        return jar;
    }

    /**
     * A Java part's command line: the JDK this command runs on, the part's own JVM options, then
     * {@code JAVA_OPTS} (split on spaces, as the container image's entrypoint does), so an operator's
     * options come last and win, then the rest.
     */
    private static List<String> java(List<String> options, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        String extra = System.getenv("JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of(rest));
        return command;
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean httpOk(String url, Credentials credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET();
        if (credentials != null) {
            request.header("Authorization", BasicAuth.header(credentials));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
