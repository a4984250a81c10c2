package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.common.redis.Redis;
import io.conduit.server.kvdb.NodeRows;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The cluster's view of outgoing connections' circuit breakers: each node writes its breakers'
 * state to Redis on every transition and every couple of seconds; any node reads every live node's
 * rows for the admin API.
 */
public final class BreakerBoard {

    /**
     * One node's breaker of one connection.
     *
     * @param node        the node
     * @param circuit     {@code closed}, {@code open} or {@code half-open}
     * @param failureRate failed (or slow) calls among the last window, in percent; -1 before the window's minimum
     * @param calls       calls in the window
     * @param at          when the node wrote it, milliseconds since the epoch
     */
    public record Row(String node, String circuit, float failureRate, int calls, long at) {
    }

    private final NodeRows<Row> rows;
    private final String node;
    private final Clock clock;

    public BreakerBoard(Redis redis, String node, ObjectMapper mapper, Clock clock) {
        this.rows = new NodeRows<>(redis, "conduit:outgoing:http:health:", Row.class, Row::at, Row::node, node, mapper,
                clock);
        this.node = node;
        this.clock = clock;
    }

    /** Writes this node's row for a connection; a Redis outage only costs the row. */
    void publish(String connection, CircuitBreaker breaker) {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        rows.publish(connection, new Row(node, breaker.getState().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                Math.max(m.getFailureRate(), m.getSlowCallRate()), m.getNumberOfBufferedCalls(), clock.millis()));
    }

    /**
     * @param connection a connection's name
     * @return every live node's row, by node
     * @throws KvdbUnavailableException if Redis cannot be reached
     */
    public List<Row> read(String connection) {
        return rows.read(connection);
    }
}
