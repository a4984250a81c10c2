package io.conduit.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The shape of a cluster on one host: how many server nodes, which ports each part listens on, how
 * Redis runs and where the ODB is. Stored in {@code <cluster>/cluster.properties}; the defaults are
 * the ports quickstart prints (docs/CLUSTER.md), all moved by an offset to run a second
 * cluster beside the first.
 *
 * @param servers number of server nodes
 * @param offset  added to every default port
 * @param ha      whether Redis runs as a master, a replica and three sentinels ({@code --ha})
 * @param odb     {@code h2} (an H2 server of the cluster's) or {@code postgres}
 * @param odbUrl  with {@code postgres}: the JDBC URL of an existing database, or empty for a local
 *                PostgreSQL in the cluster directory
 */
public record ClusterSpec(int servers, int offset, boolean ha, String odb, String odbUrl) {

    public static final String FILE = "cluster.properties";

    /** The name the sentinels watch the master by. */
    public static final String MASTER_NAME = "conduit";

    /** The sentinels there are with {@code --ha}. */
    public static final int SENTINELS = 3;

    public ClusterSpec(int servers, int offset) {
        this(servers, offset, false, "h2", "");
    }

    public ClusterSpec {
        if (!odb.equals("h2") && !odb.equals("postgres")) {
            throw new CliException("--odb takes h2 or postgres", 2);
        }
        if (!odbUrl.isEmpty() && !odb.equals("postgres")) {
            throw new CliException("--odb-url goes with --odb postgres", 2);
        }
        if (!odbUrl.isEmpty() && !odbUrl.startsWith("jdbc:postgresql:")) {
            throw new CliException("--odb-url must be a jdbc:postgresql://... URL; got " + odbUrl, 2);
        }
        if (servers < 1 || servers > 99) {
            throw new CliException("--servers must be 1 to 99", 2);
        }
        if (offset < 0 || offset > 30000) {
            throw new CliException("--port-offset must be 0 to 30000", 2);
        }
    }

    public int redisPort() {
        return 16379 + offset;
    }

    /** @return the port of the replica ({@code --ha}) */
    public int replicaPort() {
        return 16380 + offset;
    }

    /** @return sentinel {@code n}'s (1-based) port ({@code --ha}) */
    public int sentinelPort(int n) {
        return 16380 + offset + n;
    }

    /** @return whether the ODB is a PostgreSQL the cluster runs itself */
    public boolean localPostgres() {
        return odb.equals("postgres") && odbUrl.isEmpty();
    }

    /** @return the JDBC URL the nodes use for the ODB */
    public String odbJdbcUrl() {
        if (odb.equals("h2")) {
            return "jdbc:h2:tcp://127.0.0.1:" + odbPort() + "/conduit";
        }
        return odbUrl.isEmpty() ? "jdbc:postgresql://127.0.0.1:" + odbPort() + "/conduit" : odbUrl;
    }

    public int frontendPort() {
        return 11223 + offset;
    }

    public int httpsPort() {
        return 11443 + offset;
    }

    public int haproxyAdminPort() {
        return 11225 + offset;
    }

    public int agentPort() {
        return 20151 + offset;
    }

    public int dashboardPort() {
        return 8183 + offset;
    }

    /** @return server {@code n}'s (1-based) application port */
    public int nodePort(int n) {
        return 17010 + offset + n - 1;
    }

    /** @return server {@code n}'s Dropwizard admin port */
    public int nodeAdminPort(int n) {
        return 17110 + offset + n - 1;
    }

    /** @return the port of the H2 server (or the local PostgreSQL) holding the ODB */
    public int odbPort() {
        return 19092 + offset;
    }

    public int backendsPort() {
        return 18080 + offset;
    }

    public int fraudPort() {
        return 35101 + offset;
    }

    static ClusterSpec read(Path dir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new CliException(dir + " is not a Conduit cluster (no readable " + FILE + "); "
                    + "bin/conduit quickstart " + dir + " creates one");
        }
        return new ClusterSpec(Integer.parseInt(p.getProperty("servers", "2")),
                Integer.parseInt(p.getProperty("portOffset", "0")), Boolean.parseBoolean(p.getProperty("ha", "false")),
                p.getProperty("odb", "h2"), p.getProperty("odbUrl", ""));
    }

    void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("servers", String.valueOf(servers));
        p.setProperty("portOffset", String.valueOf(offset));
        p.setProperty("ha", String.valueOf(ha));
        p.setProperty("odb", odb);
        p.setProperty("odbUrl", odbUrl);
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(out, "A Conduit cluster: server nodes, the offset added to every default port, Redis with"
                    + " sentinels or not, the ODB");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
