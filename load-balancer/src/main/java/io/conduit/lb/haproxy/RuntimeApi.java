package io.conduit.lb.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** HAProxy's Runtime API on a UNIX socket: one command per connection, answered as text. */
public final class RuntimeApi {

    private final Path socket;
    private final Duration timeout;

    public RuntimeApi(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** @return the socket's path */
    public Path socket() {
        return socket;
    }

    /**
     * @param command e.g. {@code show info}
     * @return HAProxy's answer
     * @throws IOException if HAProxy is not there or does not answer within the timeout
     */
    public String execute(String command) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0) {
                    throw new IOException("HAProxy did not answer '" + command + "' within " + timeout.toMillis()
                            + " ms on " + socket);
                }
                selector.selectedKeys().clear();
                int n = channel.read(in);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
        } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
            throw new IOException("HAProxy's socket " + socket + " does not answer (" + e.getMessage()
                    + "); is HAProxy running?", e);
        }
    }
}
