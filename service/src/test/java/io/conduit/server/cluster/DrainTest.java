package io.conduit.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class DrainTest {

    private final NodeState node = new NodeState("server1");

    @Test
    void aNodeNobodyChecksClosesOnceNoRequestCameForTheQuietPeriod() {
        new Drain(node, 2, Duration.ofMillis(50), Duration.ofSeconds(10)).run();

        assertThat(node.phase()).isEqualTo(NodeState.Phase.CLOSING);
        assertThat(node.isClosing()).isTrue();
    }

    @Test
    void aCheckedNodeFailsItsChecksAndServesUntilTheLoadBalancerHasSeenEnoughOfThem() throws Exception {
        node.checked();
        node.checked();
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() ->
                new Drain(node, 2, Duration.ofMillis(50), Duration.ofSeconds(20)).run());
        awaitPhase(NodeState.Phase.LEAVING);

        assertThat(node.isHealthy()).as("the health check fails").isFalse();
        assertThat(node.isClosing()).as("channels still serve").isFalse();
        node.checked();
        node.requestArrived();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(node.phase()).as("one failed check is not enough").isEqualTo(NodeState.Phase.LEAVING);

        node.checked();
        drain.get(10, TimeUnit.SECONDS);
        assertThat(node.phase()).isEqualTo(NodeState.Phase.CLOSING);
        assertThat(node.failedChecks()).isEqualTo(2);
    }

    @Test
    void aLoadBalancerThatStopsCheckingDoesNotHoldTheNodeUntilTheTimeout() {
        node.checked();
        node.checked();
        long start = System.nanoTime();

        new Drain(node, 2, Duration.ofMillis(50), Duration.ofSeconds(30)).run();

        assertThat(node.isClosing()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theTimeoutBoundsTheWaitWhenRequestsKeepComing() throws Exception {
        node.checked();
        node.checked();
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() ->
                new Drain(node, 2, Duration.ofMillis(500), Duration.ofMillis(300)).run());
        while (!drain.isDone()) {
            node.checked();
            node.requestArrived();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        drain.get();
        assertThat(node.isClosing()).isTrue();
    }

    private void awaitPhase(NodeState.Phase phase) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.phase() != phase && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(node.phase()).isEqualTo(phase);
    }
}
