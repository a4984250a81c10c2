package io.conduit.lb.join;

import io.conduit.common.cluster.NodeBeacon;
import io.conduit.lb.haproxy.ServerStat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the agent should do to HAProxy, decided from the nodes' beacons, HAProxy's servers and the
 * time only: a pure function, so every case is a unit test.
 *
 * <ul>
 * <li>a node that beats (its beacon is fresh, not stopping, with a port) but that HAProxy lacks is added;</li>
 * <li>one HAProxy has at another address is moved (removed, then added);</li>
 * <li>one silent for longer than {@code removeAfter} is removed from HAProxy, and its beacon forgotten;</li>
 * <li>a server an operator configured that never beat is left alone.</li>
 * </ul>
 */
public final class JoinPlan {

    private JoinPlan() {
    }

    /** One thing to do. */
    public sealed interface Action permits Add, Remove, Forget {
    }

    /** Add a server for a node that joined. */
    public record Add(String name, String host, int port) implements Action {
    }

    /** Take a server out of HAProxy. */
    public record Remove(String name, String why) implements Action {
    }

    /** Forget a beacon long silent. */
    public record Forget(String name) implements Action {
    }

    /**
     * @param beacons     the nodes' beacons, by name
     * @param servers     HAProxy's servers, by name
     * @param now         epoch millis
     * @param staleAfter  a beacon older than this is not fresh enough to add its node
     * @param removeAfter a beacon older than this means the node is gone
     * @return what to do, in order
     */
    public static List<Action> decide(Collection<NodeBeacon> beacons, Map<String, ServerStat> servers, long now,
                                      Duration staleAfter, Duration removeAfter) {
        List<Action> actions = new ArrayList<>();
        for (NodeBeacon beacon : beacons) {
            long age = now - beacon.heartbeatAt();
            ServerStat server = servers.get(beacon.name());
            String address = beacon.host() + ":" + beacon.port();
            if (age > removeAfter.toMillis()) {
                if (server != null) {
                    actions.add(new Remove(beacon.name(), "silent for " + age / 1000 + " s"));
                }
                actions.add(new Forget(beacon.name()));
            } else if (age <= staleAfter.toMillis() && !beacon.stopping() && beacon.port() > 0) {
                if (server == null) {
                    actions.add(new Add(beacon.name(), beacon.host(), beacon.port()));
                } else if (!server.address().isEmpty() && !server.address().equals(address)) {
                    actions.add(new Remove(beacon.name(), "moved from " + server.address() + " to " + address));
                    actions.add(new Add(beacon.name(), beacon.host(), beacon.port()));
                }
            }
        }
        return actions;
    }
}
