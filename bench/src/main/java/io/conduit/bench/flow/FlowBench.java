package io.conduit.bench.flow;

import io.conduit.bench.Results;
import io.conduit.cli.JvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tutorial's flow under load ({@code bench/flow/run}): Conduit against the same flow written by
 * hand, in interleaved rounds, each contender in a fresh JVM with the same heap, driven by wrk.
 * Reports, per contender, the median over the rounds of its throughput after a short and a steady
 * warm-up, p50/p99 latency, JVM CPU per request, errors and RSS, and the ratios to the hand-written
 * ceiling; then writes them into {@code bench/RESULTS.md}.
 */
public final class FlowBench {

    private static final String CALL = "{\"cust_id\":123, \"cust_type\":\"A\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One contender: how it starts and where it listens. */
    enum Contender {
        HAND_WRITTEN("hand-written (Jetty + HttpClient 5 + Jedis + JeroMQ)"),
        CONDUIT("Conduit node, as shipped"),
        CONDUIT_HAPROXY("Conduit node through HAProxy"),
        CONDUIT_STATS_OFF("Conduit node, statistics off"),
        CONDUIT_LOG_WARN("Conduit node, the service's logging at WARN"),
        CONDUIT_LOG_JSON("Conduit node, log lines as JSON (CONDUIT_LOG_JSON=true)"),
        CONDUIT_CALLS_OFF("Conduit node, recorded calls off"),
        CONDUIT_TRACED("Conduit node, every call traced to an OTLP receiver, metrics scraped every second");

        final String label;

        Contender(String label) {
            this.label = label;
        }
    }

    /** What one run of one contender measured. */
    record Run(double startSeconds, double shortRps, double rps, double p50, double p99, double cpuMicros, long errors,
               long rssMb, long fraudMessages) {
    }

    private final Settings settings;
    private final Path home;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private int redisPort;
    private int stubsPort;
    private int zmqPort;
    private OtlpSink otlp;

    /** Settings from the command line. */
    record Settings(int rounds, int shortWarmup, int warmup, int measure, int connections, int threads, String heap,
                    List<Contender> contenders, Path profiles, Path asyncProfiler, List<String> jvmArgs) {

        static Settings parse(String[] args) {
            int rounds = 3;
            int shortWarmup = 20;
            int warmup = 60;
            int measure = 10;
            int connections = 64;
            int threads = 2;
            String heap = "512m";
            List<Contender> contenders = List.of(Contender.values());
            Path profiles = null;
            Path asyncProfiler = null;
            List<String> jvmArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--short-warmup" -> shortWarmup = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--measure" -> measure = Integer.parseInt(args[++i]);
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--heap" -> heap = args[++i];
                    case "--profile" -> profiles = Path.of(args[++i]).toAbsolutePath();
                    case "--async-profiler" -> asyncProfiler = Path.of(args[++i]).toAbsolutePath();
                    case "--jvm-arg" -> jvmArgs.add(args[++i]);
                    case "--only" -> contenders = java.util.Arrays.stream(args[++i].split(","))
                            .map(s -> Contender.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/flow/README.md");
                }
            }
            if (warmup < shortWarmup + measure) {
                throw new IllegalArgumentException("--warmup must be at least --short-warmup + --measure");
            }
            if (asyncProfiler != null && profiles == null) {
                throw new IllegalArgumentException("--async-profiler needs --profile DIR, where the profiles go");
            }
            return new Settings(rounds, shortWarmup, warmup, measure, connections, threads, heap, contenders, profiles,
                    asyncProfiler, List.copyOf(jvmArgs));
        }
    }

    private FlowBench(Settings settings, Path home) throws IOException {
        this.settings = settings;
        this.home = home;
        this.work = Files.createTempDirectory("conduit-flow-");
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path home = Path.of(System.getProperty("conduit.home", ".")).toAbsolutePath().normalize();
        FlowBench bench = new FlowBench(settings, home);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        bench.run();
    }

    private void run() throws Exception {
        log("work directory " + work);
        startShared();
        Map<Contender, List<Run>> runs = new LinkedHashMap<>();
        settings.contenders().forEach(c -> runs.put(c, new ArrayList<>()));
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Contender contender : settings.contenders()) {
                log("round " + round + "/" + settings.rounds() + ": " + contender.label);
                Run run = runOnce(contender, round);
                log(String.format(Locale.ROOT, "  ready in %.1f s, %.0f req/s after %d s, %.0f req/s after %d s, p50 %.2f ms, p99 %.2f ms,"
                        + " %.0f us CPU/request, %d errors, RSS %d MB", run.startSeconds(), run.shortRps(), settings.shortWarmup(), run.rps(),
                        settings.warmup(), run.p50(), run.p99(), run.cpuMicros(), run.errors(), run.rssMb()));
                runs.get(contender).add(run);
            }
        }
        String report = Report.markdown(settings, runs, machine());
        System.out.println(report);
        Results.writeInto(home.resolve("bench/RESULTS.md"), "flow", report);
        log("written to bench/RESULTS.md");
        stopAll();
    }

    private void startShared() throws Exception {
        redisPort = freePort();
        start("redis", List.of(binary("redis-server"), "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", work.toString()), Map.of());
        awaitPort(redisPort);
        stubsPort = freePort();
        zmqPort = freePort();
        otlp = new OtlpSink(freePort());
        start("stubs", List.of(java(), "-Xmx256m", "-Dlogback.configurationFile=" + quietLogback(), "-cp", benchJar(),
                Stubs.class.getName(), String.valueOf(stubsPort), String.valueOf(zmqPort)), Map.of());
        awaitPort(stubsPort);
        redis("DEL", "myapp:fraud-detection:cust-type");
        redis("LPUSH", "myapp:fraud-detection:cust-type", "A", "B", "C");
    }

    private Run runOnce(Contender contender, int round) throws Exception {
        long sinkBefore = sinkCount();
        long launched = System.nanoTime();
        Process server;
        Process haproxy = null;
        Scraper scraper = null;
        long spansBefore = otlp.spans();
        String url;
        switch (contender) {
            case HAND_WRITTEN -> {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(java()));
                command.addAll(jvmOptions());
                command.addAll(List.of("-Dlogback.configurationFile=" + logbackConfig(), "-cp", benchJar(),
                        HandWritten.class.getName(), String.valueOf(port), "http://127.0.0.1:" + stubsPort,
                        String.valueOf(redisPort), "tcp://127.0.0.1:" + zmqPort));
                server = start("hand-written", command, Map.of());
                awaitPort(port);
                url = "http://127.0.0.1:" + port + "/tutorial/first-service";
            }
            default -> {
                ConduitNode node = startConduit(contender);
                server = node.process();
                url = "http://127.0.0.1:" + node.port() + "/tutorial/first-service";
                if (contender == Contender.CONDUIT_TRACED) {
                    scraper = Scraper.start("http://127.0.0.1:" + node.port() + "/conduit/metrics", node.password());
                }
                if (contender == Contender.CONDUIT_HAPROXY) {
                    int front = freePort();
                    haproxy = startHaproxy(front, node.port());
                    url = "http://127.0.0.1:" + front + "/tutorial/first-service";
                }
            }
        }
        try {
            requireTutorialAnswer(url);
            double startSeconds = (System.nanoTime() - launched) / 1e9;
            Wrk.Result shortRun = Wrk.run(url, settings.shortWarmup(), settings.connections(), settings.threads(), work);
            Wrk.Result shortMeasure = Wrk.run(url, settings.measure(), settings.connections(), settings.threads(), work);
            int rest = settings.warmup() - settings.shortWarmup() - settings.measure();
            if (rest > 0) {
                Wrk.run(url, rest, settings.connections(), settings.threads(), work);
            }
            String profile = settings.profiles() == null ? null : settings.profiles().resolve(contender.name()
                    .toLowerCase(Locale.ROOT).replace('_', '-') + "-round" + round).toString();
            if (profile != null) {
                Files.createDirectories(settings.profiles());
                if (settings.asyncProfiler() != null) {
                    jcmd(server.pid(), "JVMTI.agent_load", settings.asyncProfiler().toString(),
                            "\"start,event=cpu,interval=1ms\"");
                } else {
                    jcmd(server.pid(), "JFR.start", "name=flow", "settings=profile", "filename=" + profile + ".jfr");
                }
            }
            long cpuBefore = Proc.cpuNanos(server.pid());
            Wrk.Result steady = Wrk.run(url, settings.measure(), settings.connections(), settings.threads(), work);
            long cpu = Proc.cpuNanos(server.pid()) - cpuBefore;
            if (profile != null) {
                if (settings.asyncProfiler() != null) {
                    jcmd(server.pid(), "JVMTI.agent_load", settings.asyncProfiler().toString(),
                            "\"dump,collapsed,file=" + profile + ".collapsed\"");
                    jcmd(server.pid(), "JVMTI.agent_load", settings.asyncProfiler().toString(),
                            "\"stop,file=" + profile + ".html\"");
                } else {
                    jcmd(server.pid(), "JFR.stop", "name=flow");
                }
            }
            long rss = Proc.rssKb(server.pid()) / 1024;
            long errors = shortRun.errors() + shortMeasure.errors() + steady.errors();
            double cpuMicros = steady.requests() == 0 ? 0 : cpu / 1000.0 / steady.requests();
            return new Run(startSeconds, shortMeasure.requestsPerSecond(), steady.requestsPerSecond(), steady.p50Millis(),
                    steady.p99Millis(), cpuMicros, errors, rss, sinkCount() - sinkBefore);
        } finally {
            if (scraper != null) {
                scraper.close();
                if (otlp.spans() == spansBefore || scraper.scrapes() == 0) {
                    throw new IllegalStateException("the traced contender sent no span (" + otlp.spans() + ") or was"
                            + " never scraped (" + scraper.scrapes() + "): its figures would not be what they claim");
                }
            }
            if (haproxy != null) {
                stop(haproxy);
            }
            stop(server);
        }
    }

    private record ConduitNode(Process process, int port, String password) {
    }

    /** A node started from the shipped config.yml as quickstart starts one, then set up as the tutorial sets it up. */
    private ConduitNode startConduit(Contender contender) throws Exception {
        Path dir = Files.createDirectories(work.resolve("node-" + UUID.randomUUID()));
        Files.createDirectories(dir.resolve("pickup-dir"));
        int port = freePort();
        int adminPort = freePort();
        String password = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions());
        if (contender == Contender.CONDUIT_STATS_OFF) {
            command.add("-Ddw.stats.enabled=false");
        }
        if (contender == Contender.CONDUIT_LOG_WARN) {
            command.add("-Ddw.logging.loggers.tutorial=WARN");
        }
        if (contender == Contender.CONDUIT_CALLS_OFF) {
            command.add("-Ddw.calls.enabled=false");
        }
        if (contender == Contender.CONDUIT_TRACED) {
            command.add("-Ddw.tracing.otlpEndpoint=http://127.0.0.1:" + otlp.port());
            command.add("-Ddw.tracing.sampleRatio=1.0");
        }
        command.addAll(List.of("-jar", home.resolve("service/target/conduit-service.jar").toString(), "server",
                home.resolve("config.yml").toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONDUIT_NODE_NAME", "bench");
        env.put("CONDUIT_PORT", String.valueOf(port));
        env.put("CONDUIT_ADMIN_PORT", String.valueOf(adminPort));
        env.put("CONDUIT_ADMIN_PASSWORD", password);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        env.put("CONDUIT_SECRETS_KEY", java.util.Base64.getEncoder().encodeToString(key));
        env.put("CONDUIT_ODB_URL", "jdbc:h2:file:" + dir.resolve("odb/conduit"));
        env.put("CONDUIT_REDIS_URL", "redis://127.0.0.1:" + redisPort);
        env.put("CONDUIT_PICKUP_DIR", dir.resolve("pickup-dir").toString());
        env.put("CONDUIT_LOG_DIR", dir.resolve("logs").toString());
        if (contender == Contender.CONDUIT_LOG_JSON) {
            env.put("CONDUIT_LOG_JSON", "true");
        }
        Process process = start("conduit", command, env);
        awaitHttp("http://127.0.0.1:" + port + "/conduit/ping", process);
        String admin = "http://127.0.0.1:" + port + "/conduit/admin";
        String stubs = "http://127.0.0.1:" + stubsPort;
        post(admin + "/outgoing/http", password, "{\"name\": \"CRM\", \"address\": \"" + stubs
                + "\", \"urlPath\": \"/crm/client\", \"method\": \"POST\", \"timeoutMs\": 5000, \"poolSize\": 200}");
        post(admin + "/outgoing/http", password, "{\"name\": \"Payments\", \"address\": \"" + stubs
                + "\", \"urlPath\": \"/payments/last\", \"method\": \"POST\", \"timeoutMs\": 5000, \"poolSize\": 200}");
        post(admin + "/outgoing/zmq", password, "{\"name\": \"Fraud detection\", \"address\": \"tcp://127.0.0.1:"
                + zmqPort + "\", \"socketType\": \"PUSH\"}");
        post(admin + "/channels/http", password, "{\"name\": \"tutorial-first-service\", \"urlPath\":"
                + " \"/tutorial/first-service\", \"service\": \"tutorial.get-client-details\"}");
        postText(admin + "/services?name=GetClientDetails.java", password,
                Files.readString(home.resolve("examples/tutorial/GetClientDetails.java")));
        return new ConduitNode(process, port, password);
    }

    /**
     * @return the JVM options every contender's server runs with: a node's (service/jvm.options), so
     *     that JIT settings favour no one, with the heap set by --heap, then any --jvm-arg
     */
    private List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : JvmOptions.read(home.resolve("service/jvm.options"))) {
            if (!option.startsWith("-Xms") && !option.startsWith("-Xmx")) {
                options.add(option);
            }
        }
        options.addAll(List.of("-Xms" + settings.heap(), "-Xmx" + settings.heap()));
        options.addAll(settings.jvmArgs());
        return options;
    }

    private Process startHaproxy(int front, int nodePort) throws Exception {
        Path config = work.resolve("haproxy-" + front + ".cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "    maxconn 4096",
                "defaults",
                "    mode http",
                "    option redispatch 1",
                "    retries 3",
                "    retry-on conn-failure empty-response",
                "    timeout connect 5s",
                "    timeout client 60s",
                "    timeout server 60s",
                "    timeout http-request 10s",
                "frontend conduit",
                "    bind 127.0.0.1:" + front,
                "    default_backend conduit_servers",
                "backend conduit_servers",
                "    balance roundrobin",
                "    option httpchk GET /conduit/ping",
                "    http-check expect status 200",
                "    default-server check inter 2s fastinter 500ms downinter 500ms rise 2 fall 2",
                "    server bench 127.0.0.1:" + nodePort,
                ""));
        Process haproxy = start("haproxy", List.of(binary("haproxy"), "-W", "-db", "-f", config.toString()), Map.of());
        awaitPort(front);
        return haproxy;
    }

    private void requireTutorialAnswer(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"last_payment_amount\":\"357\"")) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException(url + " does not answer the tutorial: " + last);
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
    }

    private long sinkCount() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stubsPort
                + "/sink/count")).build(), HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(answer.body().strip());
    }

    private void redis(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(binary("redis-cli"), "-p", String.valueOf(redisPort)));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("redis-cli " + String.join(" ", command) + " failed");
        }
    }

    private static void post(String url, String password, String json) throws Exception {
        send(url, password, json, "application/json");
    }

    private static void postText(String url, String password, String text) throws Exception {
        send(url, password, text, "text/plain");
    }

    private static void send(String url, String password, String body, String type) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private Path logbackConfig() throws IOException {
        Path file = work.resolve("hand-written-logback.xml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    <configuration>
                      <appender name="file" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%-5p [%%d{ISO8601,UTC}] [%%X{cid}] %%c: %%m%%n%%rEx</pattern></encoder>
                      </appender>
                      <appender name="async" class="ch.qos.logback.classic.AsyncAppender">
                        <queueSize>8192</queueSize>
                        <discardingThreshold>0</discardingThreshold>
                        <neverBlock>true</neverBlock>
                        <appender-ref ref="file"/>
                      </appender>
                      <root level="INFO"><appender-ref ref="async"/></root>
                    </configuration>
                    """.formatted(work.resolve("hand-written.log")));
        }
        return file;
    }

    /** Logback's default is DEBUG to the console, which would make Jetty's own logging the bottleneck. */
    private Path quietLogback() throws IOException {
        Path file = work.resolve("quiet-logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5p %c: %m%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="console"/></root>
                </configuration>
                """);
        return file;
    }

    private Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".out").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.remove(process);
    }

    private void stopAll() {
        new ArrayList<>(processes).forEach(this::stop);
        if (otlp != null) {
            otlp.close();
        }
    }

    private String benchJar() {
        return home.resolve("bench/target/benchmarks.jar").toString();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String binary(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/sbin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed; bench/flow/run installs it when run as root");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after 60 s");
    }

    private void awaitHttp(String url, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited; see " + work.resolve("conduit.out"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException(url + " not healthy after 120 s");
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            Matcher m = Pattern.compile("model name\\s*:\\s*(.+)").matcher(Files.readString(Path.of("/proc/cpuinfo")));
            if (m.find()) {
                cpu = m.group(1).strip();
            }
        } catch (IOException e) {
            // keep unknown
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + LocalDate.now();
    }

    private static void log(String line) {
        System.err.println("bench/flow: " + line);
    }

    /** Reads a process's CPU time and resident memory from /proc. */
    static final class Proc {
        private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1) / 100;

        private Proc() {
        }

        static long cpuNanos(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D+", ""));
                    }
                }
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Medians, ratios and the markdown table. */
    static final class Report {

        private Report() {
        }

        static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
            double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
            int n = values.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }

        static String markdown(Settings s, Map<Contender, List<Run>> runs, String machine) {
            StringBuilder md = new StringBuilder();
            md.append("## The tutorial's flow under load\n\n");
            md.append("`bench/flow/run`: ").append(machine).append(". Each contender in a fresh JVM with a node's options")
                    .append(" (`service/jvm.options`, heap `-Xms").append(s.heap()).append(" -Xmx").append(s.heap())
                    .append("`), ").append(s.rounds())
                    .append(" interleaved rounds, medians shown. wrk `-t").append(s.threads()).append(" -c")
                    .append(s.connections()).append("` POSTs `").append(CALL).append("`; the flow calls CRM and Payments")
                    .append(" (fast Jetty stubs), reads Redis (LRANGE), pushes to a ZeroMQ sink and logs five lines, as")
                    .append(" `GetClientDetails` does. *Short*: measured ").append(s.measure()).append(" s after ")
                    .append(s.shortWarmup()).append(" s of load; *steady*: ").append(s.measure()).append(" s after ")
                    .append(s.warmup()).append(" s. *Ready*: from the JVM's launch until it answers the flow (a")
                    .append(" Conduit node warms itself up for `node.warmUp` before it says it is healthy, and is set up")
                    .append(" through its admin API). CPU: the server JVM's user+system time over the steady window, per")
                    .append(" request. RSS: the server's resident memory at the end.\n\n");
            md.append("| contender | ready s | short req/s | steady req/s | p50 ms | p99 ms | CPU µs/req | errors | RSS MB |"
                    + " short vs hand-written | steady vs hand-written | p99 vs hand-written | CPU vs hand-written |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            List<Run> base = runs.get(Contender.HAND_WRITTEN);
            for (Map.Entry<Contender, List<Run>> e : runs.entrySet()) {
                List<Run> r = e.getValue();
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f | %s | %s | %s | %s |\n",
                        e.getKey().label, median(r, Run::startSeconds), median(r, Run::shortRps), median(r, Run::rps), median(r, Run::p50),
                        median(r, Run::p99), median(r, Run::cpuMicros), median(r, Run::errors), median(r, Run::rssMb),
                        ratio(r, base, Run::shortRps), ratio(r, base, Run::rps), ratio(r, base, Run::p99),
                        ratio(r, base, Run::cpuMicros)));
            }
            md.append("\n");
            List<Run> conduit = runs.get(Contender.CONDUIT);
            if (conduit != null && base != null) {
                md.append(String.format(Locale.ROOT, "- Steady state: Conduit at %s of the hand-written flow's throughput"
                        + " (goal 0.85x), p99 at %s (goal at most 1.2x), CPU per call at %s (goal at most 1.2x).\n",
                        ratio(conduit, base, Run::rps), ratio(conduit, base, Run::p99), ratio(conduit, base, Run::cpuMicros)));
                md.append(String.format(Locale.ROOT, "- Short warm-up: Conduit at %s of the hand-written flow (goal 0.7x).\n",
                        ratio(conduit, base, Run::shortRps)));
            }
            List<Run> conduitRuns = runs.get(Contender.CONDUIT);
            variant(md, "Statistics on vs off (goal at least 0.97x)", conduitRuns, runs.get(Contender.CONDUIT_STATS_OFF));
            variant(md, "The service's five INFO lines vs its logging at WARN", conduitRuns,
                    runs.get(Contender.CONDUIT_LOG_WARN));
            variant(md, "Log lines as JSON vs as text", runs.get(Contender.CONDUIT_LOG_JSON), conduitRuns);
            variant(md, "The service's five INFO lines as JSON vs its logging at WARN (goal at least 0.90x)",
                    runs.get(Contender.CONDUIT_LOG_JSON), runs.get(Contender.CONDUIT_LOG_WARN));
            variant(md, "Recorded calls on (as shipped) vs off (goal: no difference beyond the run-to-run spread)",
                    conduitRuns, runs.get(Contender.CONDUIT_CALLS_OFF));
            variant(md, "Through HAProxy vs direct", runs.get(Contender.CONDUIT_HAPROXY), conduitRuns);
            variant(md, "Every call traced and exported, metrics scraped every second, vs as shipped (trace ids made and"
                    + " passed on, nothing exported; goal at least 0.95x)", runs.get(Contender.CONDUIT_TRACED), conduitRuns);
            md.append("- Errors are wrk's non-2xx answers plus socket errors over every window of every round.\n");
            return md.toString();
        }

        /** Appends "what: a / b" in steady throughput, when both were measured. */
        private static void variant(StringBuilder md, String what, List<Run> a, List<Run> b) {
            if (a != null && b != null) {
                md.append(String.format(Locale.ROOT, "- %s: %s in steady throughput.\n", what, ratio(a, b, Run::rps)));
            }
        }

        private static String ratio(List<Run> runs, List<Run> base, ToDoubleFunction<Run> figure) {
            if (runs == null || base == null) {
                return "-";
            }
            return String.format(Locale.ROOT, "%.2fx", median(runs, figure) / median(base, figure));
        }

    }
}
