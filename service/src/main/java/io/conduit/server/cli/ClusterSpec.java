package io.conduit.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The shape of a cluster on one host: how many server nodes and which ports each part listens on.
 * Stored in {@code <cluster>/cluster.properties}; the defaults are DESIGN.md's ports, all moved by
 * an offset to run a second cluster beside the first.
 *
 * @param servers number of server nodes
 * @param offset  added to every default port
 */
public record ClusterSpec(int servers, int offset) {

    public static final String FILE = "cluster.properties";

    public ClusterSpec {
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

    /** @return the port of the H2 server holding the ODB */
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
                Integer.parseInt(p.getProperty("portOffset", "0")));
    }

    void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("servers", String.valueOf(servers));
        p.setProperty("portOffset", String.valueOf(offset));
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(out, "A Conduit cluster: server nodes, and the offset added to every default port");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
