package io.conduit.lb.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.cluster.NodeBeacon;
import io.conduit.lb.haproxy.ServerStat;
import io.conduit.lb.join.JoinPlan.Add;
import io.conduit.lb.join.JoinPlan.Forget;
import io.conduit.lb.join.JoinPlan.Remove;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinPlanTest {

    private static final long NOW = 1_000_000;
    private static final Duration STALE = Duration.ofSeconds(10);
    private static final Duration REMOVE = Duration.ofSeconds(60);

    @Test
    void aNodeThatBeatsAndIsNotInHaproxyIsAdded() {
        assertThat(decide(List.of(beacon("server3", "10.0.0.3", 17010, 1_000, false)), Map.of()))
                .containsExactly(new Add("server3", "10.0.0.3", 17010));
    }

    @Test
    void aNodeAlreadyInHaproxyAtItsAddressIsLeftAlone() {
        assertThat(decide(List.of(beacon("server1", "127.0.0.1", 17010, 1_000, false)),
                Map.of("server1", server("server1", "127.0.0.1:17010")))).isEmpty();
    }

    @Test
    void aNodeThatMovedIsRemovedAndAddedAtItsNewAddress() {
        assertThat(decide(List.of(beacon("server1", "10.0.0.9", 17010, 1_000, false)),
                Map.of("server1", server("server1", "127.0.0.1:17010"))))
                .containsExactly(new Remove("server1", "moved from 127.0.0.1:17010 to 10.0.0.9:17010"),
                        new Add("server1", "10.0.0.9", 17010));
    }

    @Test
    void aStaleStoppingOrPortlessBeaconAddsNothing() {
        assertThat(decide(List.of(beacon("stale", "h", 1, 11_000, false), beacon("stopping", "h", 2, 1_000, true),
                beacon("portless", "h", 0, 1_000, false)), Map.of())).isEmpty();
    }

    @Test
    void aNodeSilentLongerThanRemoveAfterIsRemovedAndItsBeaconForgotten() {
        assertThat(decide(List.of(beacon("server2", "127.0.0.1", 17011, 61_000, false)),
                Map.of("server2", server("server2", "127.0.0.1:17011"))))
                .containsExactly(new Remove("server2", "silent for 61 s"), new Forget("server2"));
        assertThat(decide(List.of(beacon("gone", "127.0.0.1", 17011, 61_000, false)), Map.of()))
                .containsExactly(new Forget("gone"));
    }

    @Test
    void aServerAnOperatorConfiguredWithoutABeaconIsLeftAlone() {
        assertThat(decide(List.of(), Map.of("static", server("static", "10.1.1.1:8080")))).isEmpty();
    }

    private static List<JoinPlan.Action> decide(List<NodeBeacon> beacons, Map<String, ServerStat> servers) {
        return JoinPlan.decide(beacons, servers, NOW, STALE, REMOVE);
    }

    private static NodeBeacon beacon(String name, String host, int port, long ageMillis, boolean stopping) {
        return new NodeBeacon(name, host, port, NOW - ageMillis, stopping);
    }

    private static ServerStat server(String name, String address) {
        return new ServerStat(name, address, "UP", "L7OK", "", 1, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
