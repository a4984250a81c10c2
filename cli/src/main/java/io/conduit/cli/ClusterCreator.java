package io.conduit.cli;

import io.conduit.common.auth.Credentials;
import io.conduit.common.haproxy.HaproxyConfig;
import io.conduit.common.secrets.SecretKeys;
import io.conduit.common.tls.ClusterCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;

/**
 * Lays a new cluster out on disk (docs/CLUSTER.md), from the templates in the
 * source tree: every server's config, the HAProxy config repo, the LB agent's config, Redis's.
 * Passwords are random, made here once, and written only to the cluster's own files (mode 0600).
 */
final class ClusterCreator {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The cluster's key for the secrets in the ODB, in the cluster directory. */
    static final String SECRETS_KEY = "secrets.key";

    /** The cluster's TLS material, in its directory. */
    static final String TLS = "load-balancer/tls";

    private final Path home;

    ClusterCreator(Path home) {
        this.home = home;
    }

    /** The secrets made for a new cluster, shown to the user once (the ODB's and Redis's stay in the files). */
    record Secrets(Credentials admin, Credentials admin1, Credentials metrics, String redisPassword, String odbPassword) {

        @Override
        public String toString() {
            return "Secrets[admin=" + admin + ", admin1=" + admin1 + ", metrics=" + metrics
                    + ", redisPassword=***, odbPassword=***]";
        }
    }

    /**
     * @param httpsOnly whether HAProxy redirects plain-HTTP calls to HTTPS
     * @param openssl   the program that makes the cluster's certificates
     */
    Secrets create(Path dir, ClusterSpec spec, boolean httpsOnly, Map<String, Path> programs) {
        Secrets secrets = new Secrets(new Credentials("admin", password()), new Credentials("admin1", password()),
                new Credentials("metrics", password()), password(), password());
        try {
            Files.createDirectories(dir);
            for (String sub : new String[] {"run", "odb", "redis", "load-balancer/config/repo", "load-balancer/logs",
                                            "backends/logs", "dashboard/logs"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            spec.write(dir);
            secret(dir.resolve("admin.credentials"), secrets.admin().username() + ":" + secrets.admin().password() + "\n");
            secret(dir.resolve("metrics.credentials"), secrets.metrics().username() + ":" + secrets.metrics().password()
                    + "\n");
            ensureSecretsKey(dir);
            for (int n = 1; n <= spec.servers(); n++) {
                writeServer(dir, spec, secrets, n);
            }
            if (spec.odb().equals("h2")) {
                createOdb(dir, secrets);
            } else if (spec.localPostgres()) {
                new LocalPostgres(dir.resolve("odb"), spec.odbPort()).create(secrets.odbPassword());
            }
            writeRedis(dir, spec, secrets);
            tls(dir, programs.get("openssl"));
            writeLoadBalancer(dir, spec, secrets, httpsOnly);
            writeDashboard(dir, spec, secrets, httpsOnly);
            writePrometheus(dir, spec, secrets);
        } catch (IOException e) {
            throw new CliException("cannot create the cluster in " + dir + ": " + e.getMessage());
        }
        return secrets;
    }

    private void writeServer(Path dir, ClusterSpec spec, Secrets secrets, int n) throws IOException {
        Path server = dir.resolve("server" + n);
        Files.createDirectories(server.resolve("pickup-dir"));
        Files.createDirectories(server.resolve("logs"));
        Map<String, String> values = new HashMap<>();
        values.put("CONDUIT_NODE_NAME", "server" + n);
        values.put("CONDUIT_PORT", String.valueOf(spec.nodePort(n)));
        values.put("CONDUIT_ADMIN_PORT", String.valueOf(spec.nodeAdminPort(n)));
        values.put("CONDUIT_ADMIN_CREDENTIALS", dir.resolve("admin.credentials").toString());
        values.put("CONDUIT_METRICS_CREDENTIALS", dir.resolve("metrics.credentials").toString());
        values.put("CONDUIT_ODB_URL", spec.odbJdbcUrl());
        if (spec.odbUrl().isEmpty()) {
            // the cluster's own ODB; an existing database's user and password come from the environment
            values.put("CONDUIT_ODB_USER", "conduit");
            values.put("CONDUIT_ODB_PASSWORD", secrets.odbPassword());
        }
        values.put("CONDUIT_PICKUP_DIR", server.resolve("pickup-dir").toString());
        values.put("CONDUIT_LOG_DIR", server.resolve("logs").toString());
        redisValues(values, spec, secrets);
        secret(server.resolve("config.yml"), "# server" + n + " of the cluster in " + dir + ", made by bin/conduit"
                + " quickstart from config.yml.\n" + substitute(read("config.yml"), values));
    }

    /**
     * Creates the ODB's H2 file with the cluster's own ODB user and password; the cluster's H2
     * server serves it to the nodes, which bring its schema up to date.
     */
    private static void createOdb(Path dir, Secrets secrets) {
        String url = "jdbc:h2:file:" + dir.resolve("odb/conduit");
        try (Connection ignored = DriverManager.getConnection(url, "conduit", secrets.odbPassword())) {
            // opening it is what creates it
        } catch (SQLException e) {
            throw new CliException("cannot create the ODB in " + dir.resolve("odb") + ": " + e.getMessage());
        }
    }

    /** How the node, the agent and the dashboard find Redis: one address, or the sentinels ({@code --ha}). */
    private static void redisValues(Map<String, String> values, ClusterSpec spec, Secrets secrets) {
        values.put("CONDUIT_REDIS_URL", "redis://127.0.0.1:" + spec.redisPort());
        values.put("CONDUIT_REDIS_PASSWORD", secrets.redisPassword());
        if (spec.ha()) {
            StringBuilder sentinels = new StringBuilder("[");
            for (int n = 1; n <= ClusterSpec.SENTINELS; n++) {
                sentinels.append(n == 1 ? "" : ", ").append("\"127.0.0.1:").append(spec.sentinelPort(n)).append('"');
            }
            values.put("CONDUIT_REDIS_SENTINELS", sentinels.append(']').toString());
            values.put("CONDUIT_REDIS_MASTER_NAME", ClusterSpec.MASTER_NAME);
        }
    }

    /**
     * Redis's config; with {@code --ha} also a replica's and three sentinels'. Master and replica
     * both know the password to replicate with, since a failover swaps their roles; the sentinels
     * rewrite their own files (and the Redis ones) as roles change.
     */
    private void writeRedis(Path dir, ClusterSpec spec, Secrets secrets) throws IOException {
        secret(dir.resolve("redis/redis.conf"), redisConfig(dir.resolve("redis"), spec.redisPort(), secrets, null));
        if (!spec.ha()) {
            return;
        }
        Files.createDirectories(dir.resolve("redis-replica"));
        secret(dir.resolve("redis-replica/redis.conf"), redisConfig(dir.resolve("redis-replica"), spec.replicaPort(),
                secrets, "replicaof 127.0.0.1 " + spec.redisPort()));
        for (int n = 1; n <= ClusterSpec.SENTINELS; n++) {
            Path sentinel = dir.resolve("sentinel" + n);
            Files.createDirectories(sentinel);
            secret(sentinel.resolve("sentinel.conf"), String.join("\n",
                    "# Sentinel " + n + " of 3: watches the cluster's Redis and promotes the replica when the master"
                            + " is down (2 of 3 agree). It rewrites this file as it learns.",
                    "bind 127.0.0.1",
                    "port " + spec.sentinelPort(n),
                    "dir " + sentinel,
                    "daemonize no",
                    "set-proc-title no",
                    "logfile \"\"",
                    "sentinel monitor " + ClusterSpec.MASTER_NAME + " 127.0.0.1 " + spec.redisPort() + " 2",
                    "sentinel auth-pass " + ClusterSpec.MASTER_NAME + " " + secrets.redisPassword(),
                    "sentinel down-after-milliseconds " + ClusterSpec.MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + ClusterSpec.MASTER_NAME + " 10000",
                    "sentinel parallel-syncs " + ClusterSpec.MASTER_NAME + " 1",
                    ""));
        }
    }

    private static String redisConfig(Path dir, int port, Secrets secrets, String replicaOf) {
        return String.join("\n",
                "# The cluster's Redis: KVDB, statistics and the broker of configuration changes.",
                "bind 127.0.0.1",
                "port " + port,
                "dir " + dir,
                "appendonly yes",
                "appendfsync everysec",
                "save \"\"",
                "daemonize no",
                "set-proc-title no",
                "logfile \"\"",
                "requirepass " + secrets.redisPassword(),
                "masterauth " + secrets.redisPassword(),
                replicaOf == null ? "" : replicaOf,
                "");
    }

    private void writeLoadBalancer(Path dir, ClusterSpec spec, Secrets secrets, boolean httpsOnly) throws IOException {
        Path lb = dir.resolve("load-balancer");
        Path repo = lb.resolve("config/repo");
        Files.writeString(lb.resolve("server-state"), "");
        List<HaproxyConfig.Server> servers = new ArrayList<>();
        for (int n = 1; n <= spec.servers(); n++) {
            servers.add(new HaproxyConfig.Server("server" + n, "127.0.0.1:" + spec.nodePort(n)));
        }
        Path socket = dir.resolve("run/haproxy.sock");
        if (socket.toString().length() > 100) {
            throw new CliException("the cluster's path is too long for HAProxy's UNIX socket (" + socket
                    + "); use a shorter directory");
        }
        new HaproxyConfig("127.0.0.1", spec.frontendPort(), spec.httpsPort(), spec.haproxyAdminPort(), repo, socket,
                lb.resolve("server-state"), dir.resolve(TLS).resolve(ClusterCertificates.PEM), httpsOnly)
                .write(home.resolve("load-balancer/config/repo"), repo, secrets.admin1().password(), servers);
        Map<String, String> values = new HashMap<>();
        values.put("CONDUIT_LB_CONFIG_REPO", repo.resolve("conduit.config").toString());
        values.put("CONDUIT_LB_MASTER_SOCKET", dir.resolve("run/haproxy-master.sock").toString());
        redisValues(values, spec, secrets);
        values.put("CONDUIT_LB_AGENT_PORT", String.valueOf(spec.agentPort()));
        secret(lb.resolve("agent.yml"), substitute(read("load-balancer/agent.yml"), values));
    }

    private void writeDashboard(Path dir, ClusterSpec spec, Secrets secrets, boolean httpsOnly) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("CONDUIT_ADMIN_CREDENTIALS", dir.resolve("admin.credentials").toString());
        redisValues(values, spec, secrets);
        values.put("CONDUIT_DASHBOARD_PORT", String.valueOf(spec.dashboardPort()));
        values.put("CONDUIT_ADMIN_API", httpsOnly ? "https://127.0.0.1:" + spec.httpsPort() + "/conduit/admin"
                : "http://127.0.0.1:" + spec.frontendPort() + "/conduit/admin");
        values.put("CONDUIT_ADMIN_API_CA_FILE", httpsOnly ? dir.resolve(TLS).resolve(ClusterCertificates.CA).toString() : "");
        values.put("CONDUIT_LB_AGENT", "http://127.0.0.1:" + spec.agentPort() + "/lb");
        values.put("CONDUIT_LB_CONFIG_REPO", dir.resolve("load-balancer/config/repo/conduit.config").toString());
        values.put("CONDUIT_HAPROXY_ADMIN_PAGE", "http://127.0.0.1:" + spec.haproxyAdminPort() + "/");
        secret(dir.resolve("dashboard/config.yml"), substitute(read("stats-dashboard/config.yml"), values));
    }

    /**
     * Writes {@code DIR/prometheus/}: a Prometheus configuration that finds the cluster's nodes through
     * HAProxy, the metrics user's password file it reads, and the alert rules.
     */
    private void writePrometheus(Path dir, ClusterSpec spec, Secrets secrets) throws IOException {
        Path prometheus = Files.createDirectories(dir.resolve("prometheus"));
        Map<String, String> values = new HashMap<>();
        values.put("CONDUIT_DISCOVERY_ADDRESS", "127.0.0.1:" + spec.frontendPort());
        values.put("CONDUIT_METRICS_PASSWORD_FILE", prometheus.resolve("metrics.password").toString());
        String config = substitute(read("deploy/observability/prometheus.yml"), values);
        Files.writeString(prometheus.resolve("prometheus.yml"), "# Made by bin/conduit quickstart from"
                + " deploy/observability/prometheus.yml for the cluster in " + dir + ".\n"
                + config.substring(config.indexOf("global:")), StandardCharsets.UTF_8);
        secret(prometheus.resolve("metrics.password"), secrets.metrics().password());
        Files.writeString(prometheus.resolve("conduit-alerts.yml"), read("deploy/observability/conduit-alerts.yml"),
                StandardCharsets.UTF_8);
    }

    /** Settings a node reads when it starts, not when its cluster is made: {@code CONDUIT_LOG_JSON=true bin/conduit start}. */
    static final java.util.Set<String> AT_START = java.util.Set.of("CONDUIT_OTLP_ENDPOINT", "CONDUIT_TRACE_SAMPLE_RATIO",
            "CONDUIT_LOG_JSON");

    /**
     * Makes the cluster's CA and HAProxy's certificate for localhost and 127.0.0.1.
     */
    static void tls(Path dir, Path openssl) {
        try {
            ClusterCertificates.ensure(dir.resolve(TLS), "Conduit cluster CA (" + dir.getFileName() + ")",
                    List.of("localhost", "127.0.0.1"), openssl);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new CliException(e.getMessage());
        }
    }

    private String read(String template) throws IOException {
        Path file = home.resolve(template);
        if (!Files.isReadable(file)) {
            throw new CliException("cannot find " + file + "; run bin/conduit from a Conduit checkout");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Fills {@code ${NAME:-default}} with the cluster's values, else with the environment of the
     * command that creates the cluster (so {@code CONDUIT_WARM_UP=1s bin/conduit quickstart} works);
     * the rest keep their defaults. The {@link #AT_START} variables stay as they are, for the node to
     * read from the environment of {@code bin/conduit start}.
     */
    private static String substitute(String text, Map<String, String> values) {
        String kept = text;
        for (String name : AT_START) {
            kept = kept.replace("${" + name + ":-", "$${" + name + ":-");
        }
        return new StringSubstitutor(name -> values.containsKey(name) ? values.get(name) : System.getenv(name))
                .replace(kept);
    }

    /**
     * Makes the cluster's key for secrets at rest, {@code DIR/secrets.key} (mode 0600), unless it
     * exists: a cluster made before secrets were sealed gets one on its next start.
     *
     * @return whether a key was made
     */
    static boolean ensureSecretsKey(Path dir) {
        Path file = dir.resolve(SECRETS_KEY);
        if (Files.exists(file)) {
            return false;
        }
        secret(file, SecretKeys.newKey() + "\n");
        return true;
    }

    /** Writes a file only its owner may read. */
    private static void secret(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String password() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
