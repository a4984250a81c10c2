package io.conduit.server.outgoing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.HttpConnection;
import io.conduit.api.Outgoing;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.api.SqlConnection;
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
 * pool, socket or publisher for every connection that changed and swaps the whole map at once. A
 * replaced HTTP or SQL pool, or AMQP publisher, sends calls that start later to its successor and is
 * closed once the calls on it have finished (bounded by a few times its timeout); a replaced ZeroMQ
 * socket has a second to send what it queued.
 */
public final class OutgoingConnections implements Outgoing, Reloadable, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingConnections.class);
    private static final Duration ZMQ_GRACE = Duration.ofSeconds(1);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

    private final OutgoingStores stores;
    private final String node;
    private final SecurityStore security;
    private final ObjectMapper mapper;
    private final MetricRegistry metrics;
    private final ZContext zmqContext = new ZContext(1);
    private final AtomicReference<Map<String, HttpPool>> http = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, ZmqSender>> zmq = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, SqlPool>> sql = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, AmqpPublisher>> amqp = new AtomicReference<>(Map.of());
    private final Set<Retiring> retiring = ConcurrentHashMap.newKeySet();
    private final BackgroundTask sweeper;
    private final BackgroundTask health;
    private final BreakerBoard board;
    private final HttpConnections httpView = this::httpConnection;
    private final ZmqConnections zmqView = this::sendZmq;
    private final AmqpConnections amqpView = new AmqpConnections() {
        @Override
        public void send(Object message, String connection) {
            publisher(connection).send(message, null, null);
        }

        @Override
        public void send(Object message, String connection, String routingKey) {
            publisher(connection).send(message, routingKey, null);
        }

        @Override
        public void send(Object message, String connection, String routingKey, Map<String, Object> headers) {
            publisher(connection).send(message, routingKey, headers);
        }
    };

    /**
     * @param node the node's name, in the broker's list of connections
     */
    public OutgoingConnections(OutgoingStores stores, SecurityStore security, ObjectMapper mapper, MetricRegistry metrics,
                               BreakerBoard board, String node, Clock clock) {
        this.board = board;
        this.health = new BackgroundTask("outgoing-breakers", BackgroundTask.Schedule.every(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), clock, this::publishBreakers);
        this.stores = stores;
        this.node = node;
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

    @Override
    public SqlConnection sql(String name) {
        return sqlPool(name);
    }

    @Override
    public AmqpConnections amqp() {
        return amqpView;
    }

    private SqlPool sqlPool(String name) {
        SqlPool pool = sql.get().get(name);
        if (pool == null) {
            throw new OutgoingException(name, Reason.UNKNOWN, "there is no outgoing SQL connection named '" + name
                    + "'; create it in the dashboard or with POST /conduit/admin/outgoing/sql", null);
        }
        return pool;
    }

    private AmqpPublisher publisher(String name) {
        AmqpPublisher publisher = amqp.get().get(name);
        if (publisher == null) {
            throw new OutgoingException(name, Reason.UNKNOWN, "there is no outgoing AMQP connection named '" + name
                    + "'; create it in the dashboard or with POST /conduit/admin/outgoing/amqp", null);
        }
        return publisher;
    }

    /**
     * Pings an SQL connection: a database connection from its pool, checked.
     *
     * @return how long it took, and the database's product and version
     * @throws OutgoingException if the database cannot be reached, or there is no such connection
     */
    public SqlPing pingSql(String name) {
        return sqlPool(name).ping();
    }

    /**
     * Pings an AMQP connection: connects to the broker if not connected.
     *
     * @return how long it took, in milliseconds
     * @throws OutgoingException if the broker cannot be reached, or there is no such connection
     */
    public double pingAmqp(String name) {
        return publisher(name).ping();
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
        reloadHttp(stores.http().list(), definitions);
        reloadZmq(stores.zmq().list());
        reloadSql(stores.sql().list());
        reloadAmqp(stores.amqp().list());
    }

    private void reloadSql(List<OutgoingSqlConfig> configs) {
        Map<String, SqlPool> old = sql.get();
        Map<String, SqlPool> next = new HashMap<>();
        for (OutgoingSqlConfig c : configs) {
            SqlPool current = old.get(c.name());
            if (current != null && current.config().equals(c)) {
                next.put(c.name(), current);
            } else {
                next.put(c.name(), new SqlPool(c, mapper));
                LOG.info("{} - outgoing SQL connection to {} {}", c.name(), c.url(), current == null ? "ready" : "updated");
            }
        }
        sql.set(Map.copyOf(next));
        old.forEach((name, pool) -> {
            if (next.get(name) != pool) {
                pool.retire(this::sqlPool);
                retire(pool, pool::drained, Duration.ofMillis(3L * pool.config().timeoutMs() + 1000));
            }
        });
    }

    private void reloadAmqp(List<OutgoingAmqpConfig> configs) {
        Map<String, AmqpPublisher> old = amqp.get();
        Map<String, AmqpPublisher> next = new HashMap<>();
        for (OutgoingAmqpConfig c : configs) {
            AmqpPublisher current = old.get(c.name());
            if (current != null && current.config().equals(c)) {
                next.put(c.name(), current);
            } else {
                next.put(c.name(), new AmqpPublisher(c, mapper, node));
                LOG.info("{} - outgoing AMQP connection to {} exchange '{}' {}", c.name(), c.address(), c.exchange(),
                        current == null ? "ready" : "updated");
            }
        }
        amqp.set(Map.copyOf(next));
        old.forEach((name, publisher) -> {
            if (next.get(name) != publisher) {
                publisher.retire(this::publisher);
                retire(publisher, publisher::drained, Duration.ofMillis(2L * publisher.config().timeoutMs() + 1000));
            }
        });
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
        sql.getAndSet(Map.of()).values().forEach(OutgoingConnections::closeQuietly);
        amqp.getAndSet(Map.of()).values().forEach(OutgoingConnections::closeQuietly);
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
