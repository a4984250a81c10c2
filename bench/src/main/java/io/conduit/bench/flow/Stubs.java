package io.conduit.bench.flow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The flow benchmark's backends, as fast as a JVM makes them so that they are never what is
 * measured: CRM ({@code /crm/...}) and Payments ({@code /payments/...}) answering the tutorial's
 * JSON on one Jetty port, and the fraud-detection ZeroMQ PULL sink, which counts what it gets
 * ({@code GET /sink/count}).
 *
 * <pre>java -cp benchmarks.jar io.conduit.bench.flow.Stubs HTTP_PORT ZMQ_PORT</pre>
 */
public final class Stubs {

    static final byte[] CRM = "{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] PAYMENTS = "{\"DATE\": \"2013-05-14T10:42:14.401555\", \"AMOUNT\": \"357\"}"
            .getBytes(StandardCharsets.UTF_8);

    private Stubs() {
    }

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.parseInt(args[0]);
        int zmqPort = Integer.parseInt(args[1]);
        AtomicLong received = new AtomicLong();
        ZContext context = new ZContext(1);
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setRcvHWM(1_000_000);
        pull.bind("tcp://127.0.0.1:" + zmqPort);
        Thread sink = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (pull.recv(0) != null) {
                    received.incrementAndGet();
                }
            }
        }, "fraud-sink");
        sink.setDaemon(true);
        sink.start();

        QueuedThreadPool threads = new QueuedThreadPool(64, 8);
        threads.setName("stub");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(httpPort);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                String path = Request.getPathInContext(request);
                byte[] body = path.startsWith("/crm") ? CRM : path.startsWith("/payments") ? PAYMENTS
                        : path.equals("/sink/count") ? Long.toString(received.get()).getBytes(StandardCharsets.UTF_8)
                        : null;
                if (body == null) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        System.out.println("stubs ready: http://127.0.0.1:" + httpPort + " tcp://127.0.0.1:" + zmqPort);
        server.join();
    }
}
