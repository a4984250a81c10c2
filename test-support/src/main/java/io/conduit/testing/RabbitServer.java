package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real RabbitMQ broker of its own (node {@code conduit-test-<port>@localhost}) in a temporary
 * directory on a free port, no plugins, {@code guest}/{@code guest} allowed from 127.0.0.1. It keeps
 * its data across {@link #stop()} and {@link #start()}, as a restarted broker does: durable queues
 * and persistent messages survive.
 */
public final class RabbitServer extends ExternalServer {

    /** Debian's script that runs the broker as the calling user (the one in /usr/sbin switches to user rabbitmq). */
    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    private final Path dir;
    private final int port;
    private final int distPort;

    public RabbitServer() {
        try {
            this.dir = Files.createTempDirectory("conduit-rabbit-");
            Files.createDirectories(dir.resolve("mnesia"));
            Files.createDirectories(dir.resolve("log"));
            this.port = FreePorts.next();
            this.distPort = FreePorts.next();
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + port
                    + "\nloopback_users = none\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it (the first time with an empty broker, later with the same data) and waits until it takes connections. */
    public RabbitServer start() {
        if (!Files.isExecutable(SERVER)) {
            throw new IllegalStateException("integration tests need RabbitMQ (" + SERVER + "), which is not installed:"
                    + " run bin/test (it installs what is missing) or apt-get install -y rabbitmq-server");
        }
        ProcessBuilder env = new ProcessBuilder();
        Map<String, String> vars = Map.of("RABBITMQ_NODENAME", "conduit-test-" + port + "@localhost",
                "RABBITMQ_NODE_PORT", String.valueOf(port), "RABBITMQ_DIST_PORT", String.valueOf(distPort),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE",
                dir.resolve("log").toString(), "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString(), "RABBITMQ_PID_FILE",
                dir.resolve("rabbit.pid").toString());
        List<String> command = new java.util.ArrayList<>(List.of("env"));
        vars.forEach((k, v) -> command.add(k + "=" + v));
        command.add(SERVER.toString());
        process = ExternalProcess.start("rabbitmq-server :" + port, command, dir, dir.resolve("rabbitmq.out"))
                .awaitReady(() -> FreePorts.listening(port), Duration.ofSeconds(60));
        return this;
    }

    /** Kills it at once ({@code SIGKILL}), as a crash would; {@link #start()} again recovers what it had on disk. */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** @return the broker's address, {@code amqp://127.0.0.1:port/} */
    public String address() {
        return "amqp://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }
}
