package io.conduit.server.outgoing;

/**
 * A database that answered a ping.
 *
 * @param millis   how long it took, in milliseconds
 * @param database its product and version, e.g. {@code PostgreSQL 15.19}
 */
public record SqlPing(double millis, String database) {
}
