package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program started by a test, with its output in a log file, stopped by its own PID (and its
 * children's) when the test is done.
 */
public final class ExternalProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ExternalProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name    what it is, for messages
     * @param command the command line
     * @param dir     its working directory
     * @param log     where its stdout and stderr go
     * @return the running process
     */
    public static ExternalProcess start(String name, List<String> command, Path dir, Path log) {
        return start(name, command, dir, log, Map.of());
    }

    /** @param env more environment for it */
    public static ExternalProcess start(String name, List<String> command, Path dir, Path log,
                                        Map<String, String> env) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            return new ExternalProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether it is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the log file */
    public Path log() {
        return log;
    }

    /**
     * Waits until {@code ready} holds, failing with the program's log if it dies or the time runs out.
     */
    public ExternalProcess awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ready.getAsBoolean()) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    /** @return the last lines of its log */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills it at once ({@code SIGKILL}), as a crash would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Stops it with {@code SIGTERM}, then {@code SIGKILL} after ten seconds. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!waitFor(Duration.ofSeconds(10))) {
            kill();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The class path a module of this build writes to its {@code target/classpath.txt}, for a test server
     * run in a JVM of its own (its libraries would not converge with a node's).
     *
     * @param module   the module, e.g. {@code test-s3-server}, found here or in a folder above
     * @param property a system property that names the file instead
     * @param what     what runs with it, for the message when it is missing
     */
    public static String moduleClassPath(String module, String property, String what) {
        String given = System.getProperty(property);
        Path file = given != null ? Path.of(given) : null;
        for (Path d = Path.of("").toAbsolutePath(); file == null && d != null; d = d.getParent()) {
            Path candidate = d.resolve(module + "/target/classpath.txt");
            if (Files.isRegularFile(candidate)) {
                file = candidate;
            }
        }
        try {
            if (file == null) {
                throw new IOException("no " + module + "/target/classpath.txt here or above");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException(what + "'s class path is missing (" + e.getMessage() + "): build the "
                    + module + " module first (mvn -pl " + module + " install), which writes it", e);
        }
    }

    /**
     * Runs a short command (a key made, a certificate converted) to its end.
     *
     * @param dir its working directory
     * @throws IOException with its output, when it fails
     */
    public static void run(Path dir, String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** @return whether a server on 127.0.0.1:{@code port} greets a new connection with a line starting {@code prefix} */
    public static boolean greets(int port, String prefix) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            byte[] banner = new byte[prefix.length()];
            int read = socket.getInputStream().readNBytes(banner, 0, banner.length);
            return new String(banner, 0, read, StandardCharsets.US_ASCII).equals(prefix);
        } catch (IOException e) {
            return false;
        }
    }
}
