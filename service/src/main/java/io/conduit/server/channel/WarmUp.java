package io.conduit.server.channel;

import io.conduit.api.Service;
import io.conduit.server.cluster.NodeState;
import io.conduit.server.config.DataFormat;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.LoadedService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a node that just started up to speed before the load balancer sends it traffic: while
 * its health check still says "warming up", a few threads call the node itself over HTTP, through
 * the channel dispatcher, as fast as it answers, for a set time. The JIT compiles the request path
 * (Jetty, the dispatcher, Jackson, the invoker, statistics, and Apache HttpClient, which outgoing
 * connections use too) with no caller waiting on it.
 *
 * <p>The calls carry a random token that exists only in this process and is accepted only while
 * warming up; they invoke the built-in service {@code conduit.warm-up}, which answers with its
 * request (it is internal: statistics show it only on request).
 */
public final class WarmUp {

    /** The header warm-up calls carry. */
    static final String HEADER = "X-Conduit-Warm-Up";
    /** The channel warm-up calls take, whatever their path. */
    static final HttpChannel CHANNEL = new HttpChannel("conduit-warm-up", "/conduit-warm-up", "conduit.warm-up", null,
            DataFormat.JSON, null, null, null, true);
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final byte[] BODY = ("{\"cust_id\":123,\"cust_type\":\"A\",\"items\":[1,2,3],"
            + "\"note\":\"warming up the request path\",\"amount\":357.5,\"active\":true}").getBytes(StandardCharsets.UTF_8);

    private final NodeState node;
    private final Duration duration;
    private final int threads;
    private final String token = UUID.randomUUID().toString();
    private final LoadedService service;

    public WarmUp(NodeState node, Duration duration, int threads) {
        this.node = node;
        this.duration = duration;
        this.threads = threads;
        this.service = builtIn();
    }

    /** @return whether a request is one of this node's own warm-up calls (only while it warms up) */
    boolean isWarmUpCall(String header) {
        return header != null && node.phase() == NodeState.Phase.WARMING && token.equals(header);
    }

    /** @return the built-in service the warm-up calls invoke */
    LoadedService service() {
        return service;
    }

    /** Warms the node up on threads of its own, then declares it healthy; returns at once. */
    public void start(int port) {
        Thread thread = new Thread(() -> run(port), "conduit-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int port) {
        long start = System.nanoTime();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(threads)
                        .setMaxConnTotal(threads).build())
                .disableAutomaticRetries().build()) {
            long deadline = start + duration.toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(() -> {
                    while (System.nanoTime() - deadline < 0 && node.phase() == NodeState.Phase.WARMING) {
                        if (call(client, port)) {
                            calls.incrementAndGet();
                        } else if (failures.incrementAndGet() > 100) {
                            return;
                        }
                    }
                }, "conduit-warm-up-" + i);
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            client.close(CloseMode.GRACEFUL);
        } catch (IOException e) {
            LOG.warn("{} - warm-up stopped early: {}", node.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            node.warmedUp();
            LOG.info("{} - warmed up: {} calls through its own dispatcher in {} ms{}; healthy now", node.name(),
                    calls.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    failures.get() == 0 ? "" : " (" + failures.get() + " failed)");
        }
    }

    private boolean call(CloseableHttpClient client, int port) {
        try {
            return client.execute(ClassicRequestBuilder.post("http://127.0.0.1:" + port + "/conduit-warm-up")
                    .setHeader(HEADER, token)
                    .setEntity(new ByteArrayEntity(BODY, ContentType.APPLICATION_JSON)).build(), response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode() == 200;
                    });
        } catch (IOException e) {
            return false;
        }
    }

    /** The built-in service: answers with its request, as an echo does. */
    public static final class Echo extends Service {
        @Override
        public void handle() {
            response().setPayload(Map.of("echo", request().payload()));
        }
    }

    private static LoadedService builtIn() {
        try {
            return new LoadedService("conduit.warm-up", Echo.class.getConstructor(),
                    new DeploymentInfo("built-in", DeploymentInfo.Kind.JAR, "", 1, List.of("conduit.warm-up"), "conduit",
                            Instant.EPOCH));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
