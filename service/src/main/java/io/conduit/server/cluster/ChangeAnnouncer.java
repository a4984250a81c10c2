package io.conduit.server.cluster;

import io.conduit.server.broker.ConfigBroker;
import io.conduit.server.cluster.NodeStore;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a change on this node: tells the other nodes through the broker, then waits until every
 * live node reports the new config version in the ODB, so that when an admin call returns the
 * whole cluster serves the change. The wait is bounded: a node that is slow or cut off from Redis
 * catches up on its sync interval, and a warning says which.
 */
public final class ChangeAnnouncer implements ConfigSync.Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeAnnouncer.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ConfigBroker broker;
    private final NodeStore nodes;
    private final String self;
    private final Duration heartbeatInterval;
    private final Duration timeout;
    private final Clock clock;

    public ChangeAnnouncer(ConfigBroker broker, NodeStore nodes, String self, Duration heartbeatInterval,
                           Duration timeout, Clock clock) {
        this.broker = broker;
        this.nodes = nodes;
        this.self = self;
        this.heartbeatInterval = heartbeatInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void announce(long version) {
        broker.publish();
        long deadline = System.nanoTime() + timeout.toNanoseconds();
        List<String> behind = behind(version);
        while (!behind.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            behind = behind(version);
        }
        if (!behind.isEmpty()) {
            LOG.warn("Config sync - nodes {} have not applied config version {} within {}; they will within their"
                    + " sync interval", behind, version, timeout);
        }
    }

    private List<String> behind(long version) {
        Instant alive = clock.instant().minus(heartbeatInterval.toJavaDuration().multipliedBy(3));
        try {
            return nodes.list().stream()
                    .filter(n -> !n.name().equals(self) && n.heartbeatAt().isAfter(alive) && n.configVersion() < version)
                    .map(ClusterNode::name).toList();
        } catch (RuntimeException e) {
            LOG.warn("Config sync - cannot read the nodes' config versions: {}", e.getMessage());
            return List.of();
        }
    }
}
