package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real MariaDB server in a temporary data directory on a free port, user {@code root} without a
 * password on 127.0.0.1, and a database {@code conduit}.
 */
public final class MariaDbServer extends ExternalServer {

    private final Path dir;
    private final int port;

    public MariaDbServer() {
        try {
            this.dir = Files.createTempDirectory("conduit-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = FreePorts.next();
    }

    /** Starts it: the first time with a new data directory and a database {@code conduit}, later with the same data. */
    public MariaDbServer start() {
        Path server = Binaries.require("mariadbd");
        Path data = dir.resolve("data");
        boolean fresh = !Files.isDirectory(data);
        if (fresh) {
            run(List.of(Binaries.require("mariadb-install-db").toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + user()), "install");
            try {
                Files.writeString(dir.resolve("init.sql"), "CREATE DATABASE IF NOT EXISTS conduit;\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        process = ExternalProcess.start("mariadbd :" + port, List.of(server.toString(), "--no-defaults",
                        "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                        "--user=" + user(), "--skip-log-bin", "--innodb-flush-log-at-trx-commit=2",
                        "--init-file=" + dir.resolve("init.sql")), dir, dir.resolve("mariadb.log"))
                .awaitReady(() -> FreePorts.listening(port), Duration.ofSeconds(30));
        return this;
    }

    /**
     * @return a JDBC URL of the {@code conduit} database, without TLS (this server has none; the
     *     MariaDB driver 4 asks for TLS unless told {@code sslMode=disable})
     */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/conduit?sslMode=disable";
    }

    /** @return {@code root} */
    public String rootUser() {
        return "root";
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private void run(List<String> command, String what) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(what + ".log").toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mariadb " + what + " failed: " + Files.readString(dir.resolve(what + ".log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
