package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for the servers a test starts, never the same one twice on the machine
 * while the JVM that took it runs.
 *
 * <p>Ports come from below the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}),
 * so a port handed out here is never given to anything binding port 0 or opening a client connection
 * between the check and the server's start (a test node in the other test JVM once got a Redis port that
 * way). Each port is claimed by a lock file in {@code java.io.tmpdir/conduit-test-ports}, held until the
 * JVM ends: the other test JVMs, and the system tests' clusters, which lock their ports there too, skip it.
 */
public final class FreePorts {

    static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "conduit-test-ports");
    private static final int LOWEST = 20000;
    private static final List<FileChannel> HELD = new ArrayList<>();

    private FreePorts() {
    }

    /** @return a port nothing listens on now, claimed for this JVM */
    public static synchronized int next() {
        int highest = ephemeralStart() - 1;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (claim(port)) {
                if (bindable(port)) {
                    return port;
                }
                // something outside the tests holds it; keep the claim so it is not tried again
            }
        }
        throw new IllegalStateException("no free port found in 500 attempts between " + LOWEST + " and " + highest);
    }

    /** @return whether something accepts connections at {@code host:port} (within a second) */
    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether something accepts connections on 127.0.0.1:{@code port} */
    public static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean claim(int port) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.add(channel);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim port " + port + " in " + LOCKS, e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the first port of the kernel's ephemeral range (32768 when it cannot be read) */
    private static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
