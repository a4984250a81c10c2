package io.conduit.server.stats;

import java.time.Instant;

/**
 * A call slower than its service's threshold.
 *
 * @param service the service
 * @param cid     the call's correlation id, as in the logs
 * @param at      when it ended
 * @param millis  how long it took
 * @param node    which node served it
 */
public record SlowCall(String service, String cid, Instant at, double millis, String node) {
}
