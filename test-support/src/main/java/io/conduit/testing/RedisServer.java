package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real {@code redis-server} on a free port, for one test class. Can be stopped and started again. */
public final class RedisServer extends ExternalServer {

    private final Path dir;
    private final String host;
    private final int port;
    private final String password;
    private final List<String> prefix;

    /**
     * @param password the {@code requirepass}, or {@code null} for none
     */
    public RedisServer(String password) {
        this(password, "127.0.0.1", FreePorts.next(), List.of());
    }

    /**
     * @param host   the address to listen on
     * @param prefix what runs it, e.g. {@code ip netns exec HOST} for a host of a test's network
     */
    public RedisServer(String password, String host, int port, List<String> prefix) {
        try {
            this.dir = Files.createTempDirectory("conduit-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.host = host;
        this.port = port;
        this.password = password;
        this.prefix = List.copyOf(prefix);
    }

    /** Starts it (again, after {@link #stop()}, on the same port and with the same data). */
    public RedisServer start() {
        Path binary = Binaries.require("redis-server");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(binary.toString(), "--port", String.valueOf(port), "--bind", host, "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--daemonize", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        process = ExternalProcess.start("redis-server :" + port, command, dir, dir.resolve("redis.log"))
                .awaitReady(this::answers, Duration.ofSeconds(20));
        return this;
    }

    /** @return whether a Redis answers PING on the port (with PONG, or NOAUTH when it has a password) */
    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[64];
            int read = socket.getInputStream().read(reply);
            String line = read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
            return line.startsWith("+PONG") || line.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** @return {@code redis://[:password@]127.0.0.1:port} */
    public String url() {
        return "redis://" + host + ":" + port;
    }

    public String password() {
        return password;
    }
}
