package io.conduit.bench.flow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OTLP receiver for the traced contender: takes every export (http/protobuf) and answers
 * 200 as a collector does, counting batches and bytes; decodes nothing, so it costs the machine
 * little beside the node.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    OtlpSink(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.readAllBytes().length);
                batches.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** @return the export requests received so far */
    long spans() {
        return batches.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        // the server's stop leaves its executor's threads, which would keep the bench's JVM from exiting
        threads.shutdownNow();
    }
}
