package io.conduit.server.outgoing;

/**
 * A backend that answered a ping.
 *
 * @param status its HTTP status (below 500)
 * @param millis how long it took
 */
public record Ping(int status, double millis) {
}
