package io.conduit.cli;

import io.conduit.common.haproxy.HaproxyConfig;
import io.conduit.common.tls.ClusterCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code quickstart}, {@code start}, {@code stop} and {@code status}: a whole cluster on this host. */
final class ClusterCommands {

    private final PrintStream out;

    ClusterCommands(PrintStream out) {
        this.out = out;
    }

    /** {@code quickstart [DIR] [--servers N] [--port-offset K] [--https-only] [--ha] [--odb h2|postgres] [--odb-url URL]} */
    int quickstart(Path dirArg, int servers, int offset, boolean httpsOnly, boolean ha, String odb, String odbUrl) {
        if (servers < 1) {
            throw new CliException("--servers must be at least 1", 2);
        }
        Path dir = dirArg.toAbsolutePath().normalize();
        Path home = ClusterRunner.home();
        Map<String, Path> programs = Prerequisites.ensure(out);
        ClusterCreator.Secrets secrets = null;
        ClusterSpec spec;
        if (Files.exists(dir.resolve(ClusterSpec.FILE))) {
            spec = ClusterSpec.read(dir);
            out.println("Starting the existing cluster in " + dir + " (" + spec.servers() + " servers)");
            madeSecretsKey(dir);
        } else {
            requireEmpty(dir);
            spec = new ClusterSpec(servers, offset, ha, odb, odbUrl);
            out.println("Creating a cluster of " + servers + " servers in " + dir
                    + (ha ? ", Redis with a replica and three sentinels" : "")
                    + (odb.equals("postgres") ? ", the ODB on PostgreSQL" : ""));
            secrets = new ClusterCreator(home).create(dir, spec, httpsOnly, programs);
        }
        ClusterParts parts = new ClusterParts(home, dir, spec, new ProcessControl(dir), programs);
        new ClusterRunner(parts, out).start();
        summary(dir, spec, secrets);
        return 0;
    }

    /** {@code start DIR} */
    int start(Path dirArg) {
        Path dir = dirArg.toAbsolutePath().normalize();
        ClusterSpec spec = ClusterSpec.read(dir);
        ClusterParts parts = new ClusterParts(ClusterRunner.home(), dir, spec, new ProcessControl(dir),
                Prerequisites.ensure(out));
        out.println("Starting the cluster in " + dir);
        madeSecretsKey(dir);
        new ClusterRunner(parts, out).start();
        summary(dir, spec, null);
        return 0;
    }

    private void madeSecretsKey(Path dir) {
        if (ClusterCreator.ensureSecretsKey(dir)) {
            out.println("  made the cluster's secrets key " + dir.resolve(ClusterCreator.SECRETS_KEY) + " (mode 0600)");
        }
    }

    /** {@code stop DIR} */
    int stop(Path dirArg) {
        Path dir = dirArg.toAbsolutePath().normalize();
        ClusterSpec spec = ClusterSpec.read(dir);
        out.println("Stopping the cluster in " + dir);
        new ClusterRunner(new ClusterParts(ClusterRunner.home(), dir, spec, new ProcessControl(dir), Map.of()), out)
                .stop();
        return 0;
    }

    /** {@code restart DIR [--all]}: a rolling restart of the server nodes (with --all, of the other parts too). */
    int restart(Path dirArg, boolean all) {
        Path dir = dirArg.toAbsolutePath().normalize();
        ClusterSpec spec = ClusterSpec.read(dir);
        ClusterParts parts = new ClusterParts(ClusterRunner.home(), dir, spec, new ProcessControl(dir),
                Prerequisites.ensure(out));
        out.println("Restarting the server nodes of " + dir + " one at a time"
                + (all ? ", then HAProxy, the LB agent and the dashboard" : ""));
        new ClusterRunner(parts, out).restart(all);
        out.println("Restarted.");
        return 0;
    }

    /**
     * {@code status DIR [-o json]}: exit 0 when every part is healthy.
     *
     * @param json the parts as a JSON array of {@code {"part", "pid", "state", "address"}} instead of a table
     */
    int status(Path dirArg, boolean json) {
        Path dir = dirArg.toAbsolutePath().normalize();
        ClusterSpec spec = ClusterSpec.read(dir);
        List<ClusterRunner.PartState> parts = new ClusterRunner(new ClusterParts(ClusterRunner.home(), dir, spec,
                new ProcessControl(dir), Map.of()), out).status();
        if (json) {
            OutputOption.print(out, parts);
        } else {
            out.println("The cluster in " + dir + ":");
            out.println("  " + String.format("%-16s %-8s %-9s %s", "part", "pid", "state", "address"));
            for (ClusterRunner.PartState p : parts) {
                out.println("  " + String.format("%-16s %-8s %-9s %s", p.part(), p.pid() == null ? "-" : p.pid(),
                        p.state(), p.address()));
            }
        }
        return parts.stream().allMatch(p -> p.state().equals("healthy")) ? 0 : 1;
    }

    private void summary(Path dir, ClusterSpec spec, ClusterCreator.Secrets secrets) {
        String lbConfig = dir.resolve("load-balancer/config/repo/conduit.config").toString();
        out.println();
        out.println("Conduit is running: " + spec.servers() + " server nodes behind HAProxy.");
        out.println();
        boolean httpsOnly = HaproxyConfig.httpsOnly(Path.of(lbConfig));
        line("Channels, through HAProxy", "http://127.0.0.1:" + spec.frontendPort()
                + (httpsOnly ? " (redirected to HTTPS)" : ""));
        Path tls = dir.resolve(ClusterCreator.TLS);
        if (Files.exists(tls.resolve(ClusterCertificates.PEM))) {
            line("Channels over HTTPS", "https://127.0.0.1:" + spec.httpsPort() + " (CA: " + tls.resolve(ClusterCertificates.CA) + ")");
        }
        line("Admin API", (httpsOnly ? "https://127.0.0.1:" + spec.httpsPort() : "http://127.0.0.1:" + spec.frontendPort())
                + "/conduit/admin/...");
        line("HAProxy admin page", "http://127.0.0.1:" + spec.haproxyAdminPort() + "/");
        line("LB agent", "http://127.0.0.1:" + spec.agentPort() + "/lb/status");
        line("Dashboard", "http://127.0.0.1:" + spec.dashboardPort() + "/");
        for (int n = 1; n <= spec.servers(); n++) {
            line("server" + n, "http://127.0.0.1:" + spec.nodePort(n));
        }
        if (spec.ha()) {
            line("Redis (master at start)", "127.0.0.1:" + spec.redisPort() + ", replica 127.0.0.1:" + spec.replicaPort());
            line("Redis Sentinels", "127.0.0.1:" + spec.sentinelPort(1) + ", " + spec.sentinelPort(2) + ", "
                    + spec.sentinelPort(3) + " (master name " + ClusterSpec.MASTER_NAME + ")");
        } else {
            line("Redis", "127.0.0.1:" + spec.redisPort());
        }
        line(spec.odb().equals("h2") ? "ODB (H2 server)" : "ODB (PostgreSQL)", spec.odbJdbcUrl());
        line("Demo CRM and Payments", "http://127.0.0.1:" + spec.backendsPort() + "/crm, /payments");
        line("Demo fraud detection", "tcp://127.0.0.1:" + spec.fraudPort());
        out.println();
        if (secrets != null) {
            out.println("Credentials (made now, shown once; they stay in the cluster's files):");
            out.println("  admin   " + secrets.admin().password() + "   admin API, CLI, dashboard ("
                    + dir.resolve("admin.credentials") + ")");
            out.println("  admin1  " + secrets.admin1().password() + "   HAProxy admin page, LB agent (" + lbConfig + ")");
            out.println("  metrics " + secrets.metrics().password() + "   read-only: /conduit/metrics, Prometheus ("
                    + dir.resolve("metrics.credentials") + ")");
        } else {
            out.println("Credentials: admin in " + dir.resolve("admin.credentials") + ", admin1 in " + lbConfig);
        }
        out.println();
        out.println("Next, the tutorial: bin/conduit apply " + dir + " examples/tutorial/config"
                + (spec.offset() == 0 ? "" : "   (with CRM_ADDRESS, PAYMENTS_ADDRESS and FRAUD_ADDRESS set for"
                + " port offset " + spec.offset() + ")"));
        out.println("                    curl 127.0.0.1:" + spec.frontendPort()
                + "/tutorial/first-service -d '{\"cust_id\":123, \"cust_type\":\"A\"}'");
    }

    private void line(String what, String where) {
        out.println(String.format("  %-27s%s", what, where));
    }

    private static void requireEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new CliException(dir + " exists and is not a Conduit cluster (no " + ClusterSpec.FILE
                        + "); choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + dir + ": " + e.getMessage());
        }
    }
}
