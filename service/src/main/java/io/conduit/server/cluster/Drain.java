package io.conduit.server.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node leaves the cluster without failing a call: it fails its health check, keeps serving
 * what the load balancer still sends until the load balancer has taken it out, then closes (the
 * server then finishes the calls in flight, within {@code server.shutdownGracePeriod}).
 *
 * <p>"Taken out" is judged from what the node sees: a node whose health is checked regularly waits
 * until it has failed {@code failedChecks} checks (HAProxy's {@code fall}) and no request has come
 * for {@code quietPeriod}; a node nobody checks (or whose checks stop coming: the load balancer is
 * gone) waits only for the quiet period. Either way it waits no longer than {@code timeout}.
 */
public final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long WATCHED_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final NodeState node;
    private final int failedChecks;
    private final Duration quietPeriod;
    private final Duration timeout;

    public Drain(NodeState node, int failedChecks, Duration quietPeriod, Duration timeout) {
        this.node = node;
        this.failedChecks = failedChecks;
        this.quietPeriod = quietPeriod;
        this.timeout = timeout;
    }

    /** Leaves, waits until the load balancer has let go of this node (bounded), then closes. */
    public void run() {
        boolean watched = node.watched(WATCHED_WITHIN_NANOS);
        node.leave();
        LOG.info("{} - leaving: health checks fail from now on, channels serve until {}", node.name(), watched
                ? "the load balancer has seen " + failedChecks + " failed checks and traffic stops"
                : "traffic stops for " + quietPeriod.toMillis() + " ms");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!out(watched) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        node.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (out(watched)) {
            LOG.info("{} - out of the load balancer after {} ms ({}); finishing the calls in flight", node.name(),
                    millis, !watched ? "nobody checks its health" : node.failedChecks() >= failedChecks
                            ? node.failedChecks() + " failed checks" : "its health checks stopped coming");
        } else {
            LOG.warn("{} - still receiving calls after the drain timeout of {} ms ({} failed checks); closing anyway",
                    node.name(), millis, node.failedChecks());
        }
    }

    private boolean out(boolean watched) {
        return (!watched || node.failedChecks() >= failedChecks || node.checksStopped())
                && node.quietNanos() >= quietPeriod.toNanos();
    }
}
