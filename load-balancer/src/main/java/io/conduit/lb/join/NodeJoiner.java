package io.conduit.lb.join;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.cluster.NodeBeacon;
import io.conduit.common.haproxy.ClientProofs;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.haproxy.ServerStat;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales the cluster without editing files: server nodes announce themselves in Redis on every
 * heartbeat ({@link NodeBeacon}); a node that beats but is not in HAProxy is added, and a node
 * whose beacon has been silent longer than {@code removeAfter} is removed. Servers an operator
 * configured that never announced themselves are left alone.
 */
public final class NodeJoiner implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NodeJoiner.class);

    private final Redis redis;
    private final Haproxy haproxy;
    private final ObjectMapper mapper;
    private final Duration staleAfter;
    private final Duration removeAfter;
    private final Clock clock;
    private final BackgroundTask task;
    private volatile String lastProblem;

    public NodeJoiner(Redis redis, Haproxy haproxy, ObjectMapper mapper, Duration interval, Duration staleAfter,
                      Duration removeAfter, Clock clock) {
        this.redis = redis;
        this.haproxy = haproxy;
        this.mapper = mapper;
        this.staleAfter = staleAfter;
        this.removeAfter = removeAfter;
        this.clock = clock;
        this.task = new BackgroundTask("node-joiner", BackgroundTask.Schedule.every(interval.toJavaDuration()),
                java.time.Duration.ofSeconds(5), clock, this::reconcileQuietly);
    }

    @Override
    public void start() {
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
    }

    private void reconcileQuietly() {
        try {
            reconcile();
            if (lastProblem != null) {
                LOG.info("Join - working again");
                lastProblem = null;
            }
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!String.valueOf(problem).equals(lastProblem)) {
                LOG.warn("Join - cannot reconcile the nodes with HAProxy: {}", problem);
                lastProblem = String.valueOf(problem);
            }
        }
    }

    /** One pass: does what {@link JoinPlan} decides from the beacons, HAProxy's servers and the time. */
    void reconcile() {
        // the proof HAProxy sends beside a client certificate's subject, for the nodes to trust it
        ClientProofs.of(haproxy.rawConfig()).ifPresent(proof -> ClientProofs.publish(redis, proof, clock.millis()));
        Map<String, ServerStat> servers = new HashMap<>();
        haproxy.servers().forEach(s -> servers.put(s.name(), s));
        for (JoinPlan.Action action : JoinPlan.decide(beacons().values(), servers, clock.millis(),
                staleAfter.toJavaDuration(), removeAfter.toJavaDuration())) {
            if (action instanceof JoinPlan.Add add) {
                haproxy.addServer(add.name(), add.host(), add.port());
                LOG.info("Join - {} joined at {}:{}: added to HAProxy", add.name(), add.host(), add.port());
            } else if (action instanceof JoinPlan.Remove remove) {
                haproxy.removeServer(remove.name());
                LOG.info("Join - {} {}: removed from HAProxy", remove.name(), remove.why());
            } else if (action instanceof JoinPlan.Forget forget) {
                redis.pool().hdel(NodeBeacon.KEY, forget.name());
            }
        }
    }

    private Map<String, NodeBeacon> beacons() {
        Map<String, NodeBeacon> beacons = new HashMap<>();
        redis.pool().hgetAll(NodeBeacon.KEY).forEach((name, json) -> {
            try {
                beacons.put(name, mapper.readValue(json, NodeBeacon.class));
            } catch (IOException e) {
                LOG.warn("Join - ignoring {}'s unreadable beacon: {}", name, e.getMessage());
            }
        });
        return beacons;
    }
}
