package io.conduit.server.cluster;

/**
 * This node's identity and where it is in its life. A node that starts may first warm up (its
 * health check says so, so the load balancer sends nothing yet; channels serve whoever calls).
 * Then it serves; when told to stop it first
 * <em>leaves</em>: {@code /conduit/ping} fails, so the load balancer takes it out, while channels
 * keep serving whatever still arrives; once it is out it <em>closes</em>: channels answer 503 and
 * the server finishes the calls in flight. There is no way back but a restart.
 *
 * <p>The node also notes when health checks and channel requests arrive, which tells the drain
 * whether a load balancer watches it and when the traffic has stopped.
 */
public final class NodeState {

    /** Where a node is in its life. */
    public enum Phase { WARMING, SERVING, LEAVING, CLOSING }

    private final String name;
    private volatile Phase phase;
    private volatile long previousCheckNanos;
    private volatile long lastCheckNanos;
    private final java.util.concurrent.atomic.AtomicInteger failedChecks = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastRequestNanos;

    /** A node that serves at once. */
    public NodeState(String name) {
        this(name, false);
    }

    /** @param warming whether the node warms up before it says it is healthy */
    public NodeState(String name, boolean warming) {
        this.name = name;
        this.phase = warming ? Phase.WARMING : Phase.SERVING;
        this.lastRequestNanos = System.nanoTime();
    }

    /** The warm-up is over: the health check says healthy from now on (unless the node is stopping already). */
    public synchronized void warmedUp() {
        if (phase == Phase.WARMING) {
            phase = Phase.SERVING;
        }
    }

    /** @return the node's name */
    public String name() {
        return name;
    }

    /** @return where the node is in its life */
    public Phase phase() {
        return phase;
    }

    /** @return whether the node has stopped serving channels (only calls in flight finish) */
    public boolean isClosing() {
        return phase == Phase.CLOSING;
    }

    /** @return whether the node answers its health check as healthy */
    public boolean isHealthy() {
        return phase == Phase.SERVING;
    }

    /** Starts leaving: health checks fail from now on, channels still serve. */
    public synchronized void leave() {
        if (phase == Phase.SERVING || phase == Phase.WARMING) {
            lastRequestNanos = System.nanoTime();
            failedChecks.set(0);
            phase = Phase.LEAVING;
        }
    }

    /** Stops serving channels. */
    public synchronized void close() {
        phase = Phase.CLOSING;
    }

    /** Notes a health check; while leaving it fails, and is counted. */
    public void checked() {
        previousCheckNanos = lastCheckNanos;
        lastCheckNanos = System.nanoTime();
        if (phase == Phase.LEAVING || phase == Phase.CLOSING) {
            failedChecks.incrementAndGet();
        }
    }

    /** Notes that a channel request arrived; only while leaving (when nobody else looks, it costs nothing). */
    public void requestArrived() {
        if (phase == Phase.LEAVING) {
            lastRequestNanos = System.nanoTime();
        }
    }

    /** @return the health checks answered as failed since the node began to leave */
    public int failedChecks() {
        return failedChecks.get();
    }

    /**
     * @param window how recent "regular" is
     * @return whether the last two health checks both came within {@code window}: something watches this node
     */
    public boolean watched(long window) {
        long now = System.nanoTime();
        return previousCheckNanos != 0 && now - previousCheckNanos <= window;
    }

    /**
     * @return whether the checks that came regularly have stopped: none for twice the last interval
     *     between two checks plus a second (the load balancer is gone, or stopped checking)
     */
    public boolean checksStopped() {
        long last = lastCheckNanos;
        long interval = last - previousCheckNanos;
        return System.nanoTime() - last > 2 * interval + 1_000_000_000L;
    }

    /** @return nanoseconds since the last channel request arrived while leaving (or since leaving began) */
    public long quietNanos() {
        return System.nanoTime() - lastRequestNanos;
    }
}
