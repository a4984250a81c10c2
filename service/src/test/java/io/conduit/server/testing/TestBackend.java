package io.conduit.server.testing;

import com.sun.net.httpserver.HttpServer;
import io.conduit.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP backend on a real socket that a test controls: it answers one JSON body, records the
 * X-Conduit-CID and traceparent of each request, and can be held (to make a caller time out) until released.
 */
public final class TestBackend implements AutoCloseable {

    private final HttpServer server;
    private final List<String> cids = new CopyOnWriteArrayList<>();
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private TestBackend(String json) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                cids.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Conduit-CID")));
                traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** @return a backend answering {@code json} to every request */
    public static TestBackend answering(String json) {
        return new TestBackend(json);
    }

    /** @return {@code http://127.0.0.1:port} */
    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return the cids of the requests received so far */
    public List<String> cids() {
        return List.copyOf(cids);
    }

    /** @return the traceparent headers of the requests received so far ("null" where there was none) */
    public List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    /** Holds every request from now on until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
