package io.conduit.server.cluster;

import java.time.Instant;

/**
 * A server node as it registers itself in the ODB.
 *
 * @param name        e.g. {@code server1}
 * @param host        the address other parts reach it at
 * @param port        its application (channel and admin API) port
 * @param version     Conduit's version on the node
 * @param pid         its process id
 * @param startedAt   when it started
 * @param heartbeatAt   its last heartbeat
 * @param configVersion the cluster config version it has applied
 */
public record ClusterNode(String name, String host, int port, String version, long pid, Instant startedAt,
                          Instant heartbeatAt, long configVersion) {
}
