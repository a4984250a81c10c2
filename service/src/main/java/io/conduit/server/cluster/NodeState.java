package io.conduit.server.cluster;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's identity and whether it is draining: once shutdown begins, channels answer 503 and
 * {@code /conduit/ping} fails, so the load balancer sends requests elsewhere.
 */
public final class NodeState {

    private final String name;
    private final AtomicBoolean draining = new AtomicBoolean();

    public NodeState(String name) {
        this.name = name;
    }

    /** @return the node's name */
    public String name() {
        return name;
    }

    /** @return whether the node is draining */
    public boolean isDraining() {
        return draining.get();
    }

    /** Starts draining; there is no way back but a restart. */
    public void drain() {
        draining.set(true);
    }
}
