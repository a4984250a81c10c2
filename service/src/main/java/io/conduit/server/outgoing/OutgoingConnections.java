package io.conduit.server.outgoing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.HttpConnection;
import io.conduit.api.FileConnection;
import io.conduit.api.KafkaConnection;
import io.conduit.api.MailConnection;
import io.conduit.api.Outgoing;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.api.SqlConnection;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.Kind;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.Tracing;
import io.dropwizard.lifecycle.Managed;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The node's outgoing connections, by name, as the configuration says: one {@link LiveRegistry}
 * per kind. A reload builds a new pool, socket or publisher for every connection that changed and
 * swaps each kind's map at once. A replaced HTTP or SQL pool, or AMQP publisher, sends calls that
 * start later to its successor and is closed once the calls on it have finished (bounded by a few
 * times its timeout); a replaced ZeroMQ socket has a second to send what it queued.
 */
public final class OutgoingConnections implements Outgoing, Reloadable, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingConnections.class);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

    private final ObjectMapper mapper;
    private final MetricRegistry metrics;
    private final Tracing tracing;
    private final Meters meters;
    private final ConnectionsHealthCheck connectionsHealth;
    private final ZContext zmqContext = new ZContext(1);
    private final LiveRegistry.Draining draining = new LiveRegistry.Draining();
    private final LiveRegistry<HttpPool.Spec, HttpPool> http;
    private final LiveRegistry<OutgoingZmqConfig, ZmqSender> zmq;
    private final LiveRegistry<OutgoingSqlConfig, SqlPool> sql;
    private final LiveRegistry<OutgoingAmqpConfig, AmqpPublisher> amqp;
    private final LiveRegistry<OutgoingKafkaConfig, KafkaSender> kafka;
    private final LiveRegistry<FileSender.Spec, FileSender> files;
    private final LiveRegistry<OutgoingSmtpConfig, MailSender> mail;
    private final BackgroundTask sweeper;
    private final BackgroundTask health;
    private final BreakerBoard board;
    private final OAuth2Tokens tokens;
    private final HttpConnections httpView = this::httpConnection;
    private final ZmqConnections zmqView = this::sendZmq;
    private final AmqpConnections amqpView = new AmqpConnections() {
        @Override
        public void send(Object message, String connection) {
            amqp.get(connection).send(message, null, null);
        }

        @Override
        public void send(Object message, String connection, String routingKey) {
            amqp.get(connection).send(message, routingKey, null);
        }

        @Override
        public void send(Object message, String connection, String routingKey, Map<String, Object> headers) {
            amqp.get(connection).send(message, routingKey, headers);
        }
    };

    /**
     * @param node the node's name, in the broker's list of connections
     */
    public OutgoingConnections(ObjectMapper mapper, MetricRegistry metrics, NodeMetrics nodeMetrics, Tracing tracing,
                               BreakerBoard board, OAuth2Tokens tokens, String node, Clock clock) {
        this.board = board;
        this.tokens = tokens;
        this.tracing = tracing;
        this.meters = new Meters(nodeMetrics, tracing.tracer(), tracing.records());
        this.mapper = mapper;
        this.metrics = metrics;
        this.http = new LiveRegistry<>("outgoing HTTP connection", s -> s.config().name(), this::httpPool,
                unknown(OutgoingHttpConfig.KIND), draining);
        this.zmq = new LiveRegistry<>("outgoing ZeroMQ connection", OutgoingZmqConfig::name,
                c -> new ZmqSender(c, zmqContext, mapper, meters.zmq(c)), unknown(OutgoingZmqConfig.KIND), draining);
        this.sql = new LiveRegistry<>("outgoing SQL connection", OutgoingSqlConfig::name,
                c -> new SqlPool(c, mapper, meters.sql(c)), unknown(OutgoingSqlConfig.KIND), draining);
        this.amqp = new LiveRegistry<>("outgoing AMQP connection", OutgoingAmqpConfig::name,
                c -> new AmqpPublisher(c, mapper, node, meters.amqp(c), tracing), unknown(OutgoingAmqpConfig.KIND),
                draining);
        this.kafka = new LiveRegistry<>("outgoing Kafka connection", OutgoingKafkaConfig::name,
                c -> new KafkaSender(c, mapper, node, meters.kafka(c), tracing), unknown(OutgoingKafkaConfig.KIND),
                draining);
        this.files = new LiveRegistry<>("outgoing file connection", s -> s.config().name(),
                s -> new FileSender(s, mapper, meters.files(s.config())), unknown(OutgoingFilesConfig.KIND), draining);
        this.mail = new LiveRegistry<>("outgoing SMTP connection", OutgoingSmtpConfig::name,
                c -> new MailSender(c, meters.smtp(c)), unknown(OutgoingSmtpConfig.KIND), draining);
        nodeMetrics.register(new PoolMetrics(http, sql));
        this.connectionsHealth = new ConnectionsHealthCheck(sql, amqp, kafka);
        this.health = new BackgroundTask("outgoing-breakers", BackgroundTask.Schedule.every(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), clock, this::publishBreakers);
        this.sweeper = new BackgroundTask("outgoing-retirement", BackgroundTask.Schedule.every(SWEEP_EVERY),
                Duration.ofSeconds(5), clock, draining::sweep);
    }

    private static Function<String, RuntimeException> unknown(Kind<?> kind) {
        return name -> new OutgoingException(name, Reason.UNKNOWN, "there is no " + kind.what() + " named '" + name
                + "'; create it in the dashboard or with POST /conduit/admin/" + kind.path(), null);
    }

    private HttpPool httpPool(HttpPool.Spec spec) {
        if (spec.config().security() != null && spec.security() == null) {
            LOG.warn("{} - its security definition '{}' does not exist; calling without credentials",
                    spec.config().name(), spec.config().security());
        }
        return new HttpPool(spec.config(), spec.security(), mapper, metrics, meters.http(spec.config()), tracing,
                this::publish, tokens);
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
        return sql.get(name);
    }

    @Override
    public AmqpConnections amqp() {
        return amqpView;
    }

    /** @return the check that reports every SQL and AMQP connection on {@code /healthcheck} (never unhealthy) */
    public com.codahale.metrics.health.HealthCheck healthCheck() {
        return connectionsHealth;
    }

    /**
     * Pings an SQL connection: a database connection from its pool, checked.
     *
     * @return how long it took, and the database's product and version
     * @throws OutgoingException if the database cannot be reached, or there is no such connection
     */
    public SqlPing pingSql(String name) {
        return sql.get(name).ping();
    }

    /**
     * Pings an AMQP connection: connects to the broker if not connected.
     *
     * @return how long it took, in milliseconds
     * @throws OutgoingException if the broker cannot be reached, or there is no such connection
     */
    public double pingAmqp(String name) {
        return amqp.get(name).ping();
    }

    /**
     * A Kafka connection, as configured at each send (it follows the operator's changes).
     *
     * @throws OutgoingException on a send, if there is no connection of that name
     */
    @Override
    public KafkaConnection kafka(String name) {
        return new KafkaConnection() {
            @Override
            public Sent send(String key, Object message) {
                return kafka.get(name).send(key, message, null);
            }

            @Override
            public Sent send(String key, Object message, Map<String, String> headers) {
                return kafka.get(name).send(key, message, headers);
            }
        };
    }

    /**
     * A file connection, as configured at each call (it follows the operator's changes).
     *
     * @throws OutgoingException on each call, if there is no connection of that name
     */
    @Override
    public FileConnection files(String name) {
        return new FileConnection() {
            @Override
            public void put(String path, Object content) {
                files.get(name).put(path, content);
            }

            @Override
            public byte[] get(String path) {
                return files.get(name).get(path);
            }

            @Override
            public InputStream open(String path) {
                return files.get(name).open(path);
            }

            @Override
            public List<Entry> list(String folder) {
                return files.get(name).list(folder);
            }

            @Override
            public void delete(String path) {
                files.get(name).delete(path);
            }
        };
    }

    /**
     * An SMTP connection, as configured at each send (it follows the operator's changes).
     *
     * @throws OutgoingException on each send, if there is no connection of that name
     */
    @Override
    public MailConnection mail(String name) {
        return message -> mail.get(name).send(message);
    }

    /**
     * Pings an SMTP connection: connects and logs in.
     *
     * @return how long it took, in milliseconds
     */
    public double pingSmtp(String name) {
        return mail.get(name).ping();
    }

    /**
     * Pings a file connection: logs in (when it has no session) and lists its folder.
     *
     * @return how long it took, in milliseconds
     */
    public double pingFiles(String name) {
        return files.get(name).ping();
    }

    /**
     * Pings a Kafka connection: asks the brokers for its topic's partitions.
     *
     * @return how long it took, in milliseconds
     * @throws OutgoingException if the brokers cannot be reached, or there is no such connection
     */
    public double pingKafka(String name) {
        return kafka.get(name).ping();
    }

    /**
     * @param name a connection's name
     * @return the connection as configured now
     * @throws OutgoingException if there is none of that name
     */
    public HttpConnection httpConnection(String name) {
        return http.get(name);
    }

    /** Pings a connection: HEAD to its URL. */
    public Ping ping(String name) {
        return http.get(name).ping();
    }

    private boolean sendZmq(Object message, String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ZmqSender sender = zmq.get(name);
            if (sender.send(message) || zmq.isCurrent(name, sender)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void reload(Configuration configuration) {
        Map<String, SecurityDefinition> definitions = configuration.list(SecurityDefinition.KIND).stream()
                .collect(Collectors.toMap(SecurityDefinition::name, Function.identity()));
        http.reload(configuration.list(OutgoingHttpConfig.KIND).stream()
                .map(c -> new HttpPool.Spec(c, c.security() == null ? null : definitions.get(c.security()))).toList());
        zmq.reload(configuration.list(OutgoingZmqConfig.KIND));
        sql.reload(configuration.list(OutgoingSqlConfig.KIND));
        amqp.reload(configuration.list(OutgoingAmqpConfig.KIND));
        kafka.reload(configuration.list(OutgoingKafkaConfig.KIND));
        mail.reload(configuration.list(OutgoingSmtpConfig.KIND));
        files.reload(configuration.list(OutgoingFilesConfig.KIND).stream()
                .map(c -> new FileSender.Spec(c, c.security() == null ? null : definitions.get(c.security()))).toList());
    }

    /**
     * @param name a connection's name
     * @return every live node's circuit breaker of it
     * @throws OutgoingException if there is no connection of that name
     */
    public List<BreakerBoard.Row> breakers(String name) {
        http.get(name);
        return board.read(name);
    }

    private void publish(HttpPool pool) {
        if (pool.breaker() != null && http.isCurrent(pool.name(), pool)) {
            board.publish(pool.name(), pool.breaker());
        }
    }

    private void publishBreakers() {
        http.all().forEach(this::publish);
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
        http.closeAll();
        zmq.closeAll();
        sql.closeAll();
        amqp.closeAll();
        kafka.closeAll();
        files.closeAll();
        mail.closeAll();
        draining.closeAll();
        zmqContext.close();
    }
}
