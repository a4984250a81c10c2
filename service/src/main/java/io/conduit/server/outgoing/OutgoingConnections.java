package io.conduit.server.outgoing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.HttpConnection;
import io.conduit.api.Outgoing;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.security.SecurityStore;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The node's outgoing connections, by name, as the ODB configures them. A reload builds a new
 * pool or socket for every connection that changed and swaps the whole map at once. A replaced HTTP
 * pool sends calls that start later to its successor and is closed once the calls on it have
 * finished (bounded by three times its timeout: pool wait, connect, answer); a replaced ZeroMQ
 * socket has a second to send what it queued.
 */
public final class OutgoingConnections implements Outgoing, Reloadable, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingConnections.class);
    private static final Duration ZMQ_GRACE = Duration.ofSeconds(1);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

    private final OutgoingHttpStore httpStore;
    private final OutgoingZmqStore zmqStore;
    private final SecurityStore security;
    private final ObjectMapper mapper;
    private final MetricRegistry metrics;
    private final ZContext zmqContext = new ZContext(1);
    private final AtomicReference<Map<String, HttpPool>> http = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, ZmqSender>> zmq = new AtomicReference<>(Map.of());
    private final Set<Retiring> retiring = ConcurrentHashMap.newKeySet();
    private final BackgroundTask sweeper;
    private final BackgroundTask health;
    private final BreakerBoard board;
    private final HttpConnections httpView = this::httpConnection;
    private final ZmqConnections zmqView = this::sendZmq;

    public OutgoingConnections(OutgoingHttpStore httpStore, OutgoingZmqStore zmqStore, SecurityStore security,
                               ObjectMapper mapper, MetricRegistry metrics, BreakerBoard board, Clock clock) {
        this.board = board;
        this.health = new BackgroundTask("outgoing-breakers", BackgroundTask.Schedule.every(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), clock, this::publishBreakers);
        this.httpStore = httpStore;
        this.zmqStore = zmqStore;
        this.security = security;
        this.mapper = mapper;
        this.metrics = metrics;
        this.sweeper = new BackgroundTask("outgoing-retirement", BackgroundTask.Schedule.every(SWEEP_EVERY),
                Duration.ofSeconds(5), clock, this::closeRetired);
    }

    /** A replaced pool or socket, closed once {@code drained} says so or its deadline passes. */
    private record Retiring(AutoCloseable resource, BooleanSupplier drained, long deadlineNanos) {
    }

    @Override
    public HttpConnections plainHttp() {
        return httpView;
    }

    @Override
    public ZmqConnections zmq() {
        return zmqView;
    }

    /**
     * @param name a connection's name
     * @return the connection as configured now
     * @throws OutgoingException if there is none of that name
     */
    public HttpConnection httpConnection(String name) {
        HttpPool pool = http.get().get(name);
        if (pool == null) {
            throw new OutgoingException(name, Reason.UNKNOWN, "there is no outgoing HTTP connection named '" + name
                    + "'; create it in the dashboard or with POST /conduit/admin/outgoing/http", null);
        }
        return pool;
    }

    /** Pings a connection: HEAD to its URL. */
    public Ping ping(String name) {
        return ((HttpPool) httpConnection(name)).ping();
    }

    private boolean sendZmq(Object message, String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ZmqSender sender = zmq.get().get(name);
            if (sender == null) {
                throw new OutgoingException(name, Reason.UNKNOWN, "there is no outgoing ZeroMQ connection named '"
                        + name + "'; create it in the dashboard or with POST /conduit/admin/outgoing/zmq", null);
            }
            if (sender.send(message) || zmq.get().get(name) == sender) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void reload() {
        Map<String, SecurityDefinition> definitions = security.list().stream()
                .collect(Collectors.toMap(SecurityDefinition::name, Function.identity()));
        reloadHttp(httpStore.list(), definitions);
        reloadZmq(zmqStore.list());
    }

    private void reloadHttp(List<OutgoingHttpConfig> configs, Map<String, SecurityDefinition> definitions) {
        Map<String, HttpPool> old = http.get();
        Map<String, HttpPool> next = new HashMap<>();
        for (OutgoingHttpConfig c : configs) {
            SecurityDefinition def = c.security() == null ? null : definitions.get(c.security());
            HttpPool current = old.get(c.name());
            if (current != null && current.config().equals(c) && Objects.equals(current.security(), def)) {
                next.put(c.name(), current);
            } else {
                if (c.security() != null && def == null) {
                    LOG.warn("{} - its security definition '{}' does not exist; calling without credentials",
                            c.name(), c.security());
                }
                next.put(c.name(), new HttpPool(c, def, mapper, metrics, this::publish));
                LOG.info("{} - outgoing HTTP connection to {} {}", c.name(), c.url(), current == null ? "ready" : "updated");
            }
        }
        http.set(Map.copyOf(next));
        old.forEach((name, pool) -> {
            if (next.get(name) != pool) {
                pool.retire(httpView);
                retire(pool, pool::drained, Duration.ofMillis(3L * pool.config().timeoutMs() + 1000));
            }
        });
    }

    private void reloadZmq(List<OutgoingZmqConfig> configs) {
        Map<String, ZmqSender> old = zmq.get();
        Map<String, ZmqSender> next = new HashMap<>();
        for (OutgoingZmqConfig c : configs) {
            ZmqSender current = old.get(c.name());
            if (current != null && current.config().equals(c)) {
                next.put(c.name(), current);
            } else {
                next.put(c.name(), new ZmqSender(c, zmqContext, mapper,
                        metrics.counter(MetricRegistry.name("outgoing", "zmq", c.name(), "sent")),
                        metrics.counter(MetricRegistry.name("outgoing", "zmq", c.name(), "dropped"))));
                LOG.info("{} - outgoing ZeroMQ {} connection to {} {}", c.name(), c.socketType(), c.address(),
                        current == null ? "ready" : "updated");
            }
        }
        zmq.set(Map.copyOf(next));
        old.forEach((name, sender) -> {
            if (next.get(name) != sender) {
                retire(sender, () -> false, ZMQ_GRACE);
            }
        });
    }

    private void retire(AutoCloseable resource, BooleanSupplier drained, Duration atMost) {
        retiring.add(new Retiring(resource, drained, System.nanoTime() + atMost.toNanos()));
    }

    /** Closes the replaced pools and sockets that are drained, or out of time. */
    private void closeRetired() {
        long now = System.nanoTime();
        for (Retiring r : retiring) {
            if ((r.drained().getAsBoolean() || now - r.deadlineNanos() >= 0) && retiring.remove(r)) {
                closeQuietly(r.resource());
            }
        }
    }

    /**
     * @param name a connection's name
     * @return every live node's circuit breaker of it
     * @throws OutgoingException if there is no connection of that name
     */
    public List<BreakerBoard.Row> breakers(String name) {
        httpConnection(name);
        return board.read(name);
    }

    private void publish(HttpPool pool) {
        if (pool.breaker() != null && http.get().get(pool.name()) == pool) {
            board.publish(pool.name(), pool.breaker());
        }
    }

    private void publishBreakers() {
        http.get().values().forEach(this::publish);
    }

    @Override
    public void start() {
        sweeper.start();
        health.start();
    }

    /** Closes every pool and socket, retiring ones too; idempotent. */
    @Override
    public synchronized void stop() {
        if (sweeper.isStopped()) {
            return;
        }
        sweeper.stop();
        health.stop();
        http.getAndSet(Map.of()).values().forEach(OutgoingConnections::closeQuietly);
        zmq.getAndSet(Map.of()).values().forEach(OutgoingConnections::closeQuietly);
        retiring.forEach(r -> closeQuietly(r.resource()));
        retiring.clear();
        zmqContext.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Outgoing - closing {} failed: {}", resource, e.toString());
        }
    }
}
