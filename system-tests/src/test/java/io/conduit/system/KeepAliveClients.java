package io.conduit.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients as plain as {@code wrk} or a small script: each holds one keep-alive connection and sends
 * the next GET the moment the last answer is read, with no check that the connection is still
 * open (Apache HttpClient checks, which hides most of what a server closes under its clients). A
 * request sent on a connection that then closes without an answer is lost.
 */
final class KeepAliveClients implements AutoCloseable {

    private final String host;
    private final int port;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    KeepAliveClients(String host, int port, String path, int clients) {
        this.host = host;
        this.port = port;
        this.path = path;
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::run, "keep-alive-client-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    int answered() {
        return answered.get();
    }

    /** @return what each lost request met */
    List<String> lost() {
        return List.copyOf(lost);
    }

    private void run() {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                boolean keepAlive = true;
                while (keepAlive && running.get()) {
                    out.write(request);
                    out.flush();
                    keepAlive = readAnswer(in);
                    answered.incrementAndGet();
                }
            } catch (IOException e) {
                if (running.get()) {
                    lost.add(e.toString());
                }
            }
        }
    }

    /** Reads one answer; @return whether the connection stays open for the next request */
    private static boolean readAnswer(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("the connection closed with no answer");
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("answered " + status);
        }
        int length = 0;
        boolean close = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("the connection closed in the middle of an answer");
        }
        return !close;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(35_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
