package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server in a temporary data directory on a free port, with trust authentication
 * on 127.0.0.1 and a database {@code conduit} (more with {@link #createDatabase}). Run as the {@code postgres} user when the test runs
 * as root (PostgreSQL refuses root).
 */
public final class PostgresServer extends ExternalServer {

    private static final String[] PG_DIRS = pgDirs();

    private final Path dir;
    private final String host;
    private final int port;
    private final List<String> prefix;

    public PostgresServer() {
        this("127.0.0.1", FreePorts.next(), List.of());
    }

    /**
     * @param host   the address to listen on; clients of its own subnets are trusted too
     * @param prefix what runs it, e.g. {@code ip netns exec HOST} for a host of a test's network
     */
    public PostgresServer(String host, int port, List<String> prefix) {
        try {
            this.dir = Files.createTempDirectory("conduit-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.host = host;
        this.port = port;
        this.prefix = List.copyOf(prefix);
    }

    /** Starts it: the first time with a new data directory and a database {@code conduit}, later with the same data. */
    public PostgresServer start() {
        Path postgres = Binaries.require("postgres", PG_DIRS);
        Path data = dir.resolve("data");
        boolean fresh = !Files.isDirectory(data);
        if (fresh) {
            Path initdb = Binaries.require("initdb", PG_DIRS);
            run(asOwner(List.of(initdb.toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8")), "initdb");
            if (!host.startsWith("127.")) {
                try {
                    Files.writeString(data.resolve("pg_hba.conf"), "host all all samenet trust\n",
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(asOwner(List.of(postgres.toString(), "-D", data.toString(), "-p", String.valueOf(port), "-h",
                host, "-k", dir.toString(), "-c", "fsync=off")));
        // ready when it accepts connections: it listens before it has finished starting up (or recovering),
        // and answers "the database system is starting up" until then
        process = ExternalProcess.start("postgres " + host + ":" + port, command, dir, dir.resolve("postgres.log"))
                .awaitReady(() -> FreePorts.listening(host, port) && accepting(), Duration.ofSeconds(30));
        if (fresh) {
            createDatabase("conduit");
        }
        return this;
    }

    /** @return whether it accepts connections now ({@code pg_isready}) */
    private boolean accepting() {
        try {
            Process ready = new ProcessBuilder(Binaries.require("pg_isready", PG_DIRS).toString(), "-q", "-h", host, "-p",
                    String.valueOf(port), "-U", "postgres").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return ready.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates an empty database. */
    public void createDatabase(String name) {
        Path psql = Binaries.require("psql", PG_DIRS);
        run(List.of(psql.toString(), "-h", host, "-p", String.valueOf(port), "-U", "postgres", "-c",
                "CREATE DATABASE " + name), "createdb");
    }

    /** @return a JDBC URL of the {@code conduit} database */
    public String jdbcUrl() {
        return jdbcUrl("conduit");
    }

    /** @return a JDBC URL of a database */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    private List<String> asOwner(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), "chown");
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command, String what) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(what + ".log").toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(what + " failed: " + Files.readString(dir.resolve(what + ".log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] pgDirs() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin").toString()).sorted().toArray(String[]::new);
        } catch (IOException e) {
            return new String[0];
        }
    }
}
