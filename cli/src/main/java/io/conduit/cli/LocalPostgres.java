package io.conduit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL that holds the ODB of a cluster made with {@code --odb postgres} and no URL: a data
 * directory in {@code <cluster>/odb/pgdata}, a database {@code conduit} owned by the user
 * {@code conduit} with the cluster's ODB password, listening on 127.0.0.1 only (no UNIX socket). As
 * root it runs as the user {@code postgres} (PostgreSQL refuses root), started with {@code setpriv}
 * so that the PID recorded is PostgreSQL's own.
 */
final class LocalPostgres {

    private final Path odb;
    private final int port;

    LocalPostgres(Path odb, int port) {
        this.odb = odb;
        this.port = port;
    }

    Path data() {
        return odb.resolve("pgdata");
    }

    /** Makes the data directory, the user {@code conduit} and its database. */
    void create(String password) {
        Path pwfile = odb.resolve("initdb.pw");
        try {
            Files.createDirectories(odb);
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            chownToPostgres(odb);
            run(asOwner(List.of(binary("initdb").toString(), "-D", data().toString(), "-U", "conduit",
                    "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-instructions")), "initdb");
            // single-user mode makes the database without starting a server
            run(asOwner(List.of(binary("postgres").toString(), "--single", "-D", data().toString(), "-j", "postgres")),
                    "CREATE DATABASE conduit;\n", "create the database");
        } catch (IOException e) {
            throw new CliException("cannot create the ODB's PostgreSQL in " + odb + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException e) {
                // it is mode 0600 under the cluster's directory either way
            }
        }
    }

    /** @return the command line of the server, in the foreground */
    List<String> command() {
        return asOwner(List.of(binary("postgres").toString(), "-D", data().toString(), "-p", String.valueOf(port),
                "-h", "127.0.0.1", "-c", "unix_socket_directories=", "-c", "logging_collector=off"));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private List<String> asOwner(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** As root, hands the ODB's directory to {@code postgres}, after checking that user can reach it. */
    private void chownToPostgres(Path dir) {
        if (!root()) {
            return;
        }
        try {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), null, "chown");
            run(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", "test", "-w",
                    dir.toString()), null, "check access");
        } catch (CliException e) {
            throw new CliException("PostgreSQL refuses to run as root, and the user postgres cannot reach " + dir
                    + " (a parent directory is closed to it); make the cluster where postgres can reach it (under"
                    + " /srv or /tmp, say), or give an existing database with --odb-url");
        }
    }

    private static void run(List<String> command, String what) {
        run(command, null, what);
    }

    private static void run(List<String> command, String input, String what) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new CliException("PostgreSQL: " + what + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new CliException("PostgreSQL: cannot " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** @return a PostgreSQL program of the newest version installed */
    static Path binary(String name) {
        return find(name).orElseThrow(() -> new CliException("PostgreSQL's " + name + " is not installed (needed by"
                + " --odb postgres without --odb-url); install with: sudo apt-get install -y postgresql"));
    }

    static Optional<Path> find(String name) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin").resolve(name)).filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Prerequisites.find(name);
        }
    }
}
