package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OpenSSH {@code sshd} with its SFTP subsystem on a free port, for one test class: its own
 * host key, and one client key let in as the user running the tests (key login only). Files live
 * in the test's own folders: SFTP paths are the machine's paths.
 */
public final class SshServer extends ExternalServer {

    private final Path dir;
    private final int port;

    public SshServer() {
        try {
            this.dir = Files.createTempDirectory("conduit-sshd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = FreePorts.next();
    }

    /** Makes its keys and starts it. */
    public SshServer start() {
        Path sshd = Binaries.require("sshd");
        Path keygen = Binaries.require("ssh-keygen");
        try {
            if (!Files.exists(dir.resolve("host_key"))) {
                ExternalProcess.run(dir, keygen.toString(), "-q", "-t", "ecdsa", "-N", "", "-C",
                        "conduit-test-host", "-f", dir.resolve("host_key").toString());
                ExternalProcess.run(dir, keygen.toString(), "-q", "-t", "ecdsa", "-N", "", "-C",
                        "conduit-test-client", "-f", dir.resolve("client_key").toString());
                ExternalProcess.run(dir, keygen.toString(), "-q", "-t", "ecdsa", "-N", "", "-C",
                        "conduit-test-stranger", "-f", dir.resolve("stranger_key").toString());
                Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            }
            if (isRoot()) {
                // sshd run by root separates privileges into this (empty) folder
                Files.createDirectories(Path.of("/run/sshd"));
            }
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "StrictModes no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "PermitRootLogin prohibit-password",
                    "AllowUsers " + user(),
                    "MaxSessions 50",
                    "MaxStartups 50:30:100",
                    "Subsystem sftp internal-sftp",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up sshd in " + dir, e);
        }
        process = ExternalProcess.start("sshd :" + port, List.of(sshd.toString(), "-D", "-e", "-f",
                dir.resolve("sshd_config").toString()), dir, dir.resolve("sshd.log"))
                .awaitReady(() -> ExternalProcess.greets(port, "SSH-"), Duration.ofSeconds(20));
        return this;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    /** @return the user the client key logs in as */
    public String user() {
        return System.getProperty("user.name");
    }

    /** @return the client's private key, OpenSSH text */
    public String clientKey() {
        return read("client_key");
    }

    /** @return a private key the server does not let in, OpenSSH text */
    public String strangerKey() {
        return read("stranger_key");
    }

    /** @return the server's host key's fingerprint, {@code SHA256:...}, as {@code ssh-keygen -l} prints it */
    public String hostKeyFingerprint() {
        try {
            Process p = new ProcessBuilder(Binaries.require("ssh-keygen").toString(), "-l", "-E", "sha256", "-f",
                    dir.resolve("host_key.pub").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.trim().split("\\s+")[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
