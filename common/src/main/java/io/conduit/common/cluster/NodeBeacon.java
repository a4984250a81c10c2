package io.conduit.common.cluster;

/**
 * What a server node tells the cluster about itself in Redis, on every heartbeat: a field of the
 * hash {@link #KEY}, named after the node, holding this record as JSON. The LB agent reads it to
 * add nodes that join to HAProxy, and to remove nodes long gone.
 *
 * @param name        the node's name, also its HAProxy server name
 * @param host        the address HAProxy reaches it at
 * @param port        its application port
 * @param heartbeatAt epoch milliseconds of the heartbeat
 * @param stopping    true when the node announces a graceful stop
 */
public record NodeBeacon(String name, String host, int port, long heartbeatAt, boolean stopping) {

    /** The Redis hash of beacons. */
    public static final String KEY = "conduit:cluster:nodes";
}
