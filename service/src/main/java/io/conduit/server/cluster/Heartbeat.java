package io.conduit.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.cluster.NodeBeacon;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.NodeStore;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Registers this node once it listens, then refreshes its heartbeat on an interval: in the ODB
 * (for the admin API and for changes that wait until every node has them) and in Redis (for the LB
 * agent, which adds joining nodes to HAProxy). A failed beat is logged and retried; it never stops
 * the node.
 */
public final class Heartbeat implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final NodeStore nodes;
    private final Redis redis;
    private final ObjectMapper mapper;
    private final String name;
    private final String host;
    private final String version;
    private final Duration interval;
    private final LongSupplier configVersion;
    private final Clock clock;
    private final Instant startedAt;
    private final BackgroundTask task;
    private volatile int port;
    private volatile boolean failing;
    private volatile boolean redisFailing;

    public Heartbeat(NodeStore nodes, Redis redis, ObjectMapper mapper, String name, String host, String version,
                     Duration interval, LongSupplier configVersion, Clock clock) {
        this.nodes = nodes;
        this.redis = redis;
        this.mapper = mapper;
        this.name = name;
        this.host = host;
        this.version = version;
        this.interval = interval;
        this.configVersion = configVersion;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.task = new BackgroundTask("heartbeat", BackgroundTask.Schedule.every(interval.toJavaDuration()),
                java.time.Duration.ofSeconds(5), clock, this::beat);
    }

    /** Starts beating, now that the node listens on {@code port}. */
    public void listening(int port) {
        this.port = port;
        task.start();
    }

    /** Stops beating and marks the node stopped, so nobody waits for it. */
    @Override
    public void stop() {
        if (task.isStopped()) {
            return;
        }
        task.stopNow();
        try {
            nodes.markStopped(name);
        } catch (RuntimeException e) {
            // An embedded H2 closes itself at JVM exit, often first; others see the node silent after 3 beats.
            LOG.info("Heartbeat - {} could not mark itself stopped in the ODB ({}); other nodes will see it silent",
                    name, e.getMessage());
        }
        if (port != 0) {
            beacon(true);
        }
    }

    /** Tells Redis (so the LB agent) where this node is; a failure is logged once and retried. */
    private void beacon(boolean stopping) {
        try {
            String json = mapper.writeValueAsString(new NodeBeacon(name, host, port, clock.millis(), stopping));
            redis.pool().hset(NodeBeacon.KEY, name, json);
            if (redisFailing) {
                LOG.info("Heartbeat - {} reaches Redis again", name);
                redisFailing = false;
            }
        } catch (JsonProcessingException | JedisException e) {
            if (!redisFailing) {
                LOG.warn("Heartbeat - {} cannot announce itself in Redis at {}: {}", name, redis.address(),
                        e.getMessage());
                redisFailing = true;
            }
        }
    }

    private void beat() {
        beacon(false);
        try {
            nodes.heartbeat(new ClusterNode(name, host, port, version, ProcessHandle.current().pid(), startedAt,
                    clock.instant(), configVersion.getAsLong()));
            if (failing) {
                LOG.info("Heartbeat - {} beats again", name);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Heartbeat - {} cannot write its heartbeat to the ODB: {}", name, e.getMessage());
                failing = true;
            }
        }
    }
}
