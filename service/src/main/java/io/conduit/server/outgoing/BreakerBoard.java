package io.conduit.server.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.common.redis.Redis;
import io.conduit.server.kvdb.RedisOutages;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's view of outgoing connections' circuit breakers: each node writes its breakers'
 * state to Redis (a hash per connection, a field per node) on every transition and every couple of
 * seconds; any node reads every node's rows for the admin API. Rows older than {@link #FRESH_MILLIS}
 * are from nodes that stopped and are left out.
 */
public final class BreakerBoard {

    /** A row is current if written within this many milliseconds. */
    static final long FRESH_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(BreakerBoard.class);
    private static final String KEY = "conduit:outgoing:http:health:";

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

    private final Redis redis;
    private final String node;
    private final ObjectMapper mapper;
    private final Clock clock;

    public BreakerBoard(Redis redis, String node, ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.node = node;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Writes this node's row for a connection; a Redis outage only costs the row (logged at debug). */
    void publish(String connection, CircuitBreaker breaker) {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        Row row = new Row(node, breaker.getState().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                Math.max(m.getFailureRate(), m.getSlowCallRate()), m.getNumberOfBufferedCalls(), clock.millis());
        try {
            redis.pool().hset(KEY + connection, node, mapper.writeValueAsString(row));
            redis.pool().pexpire(KEY + connection, 3 * FRESH_MILLIS);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("the breaker of '{}' could not be published: {}", connection, e.toString());
        }
    }

    /**
     * @param connection a connection's name
     * @return every live node's row, by node
     * @throws KvdbUnavailableException if Redis cannot be reached
     */
    public List<Row> read(String connection) {
        Map<String, String> fields = RedisOutages.orUnavailable("the breakers' states cannot be read",
                () -> redis.pool().hgetAll(KEY + connection));
        long oldest = clock.millis() - FRESH_MILLIS;
        List<Row> rows = new ArrayList<>();
        for (String json : fields.values()) {
            try {
                Row row = mapper.readValue(json, Row.class);
                if (row.at() >= oldest) {
                    rows.add(row);
                }
            } catch (JsonProcessingException e) {
                LOG.warn("a breaker row of '{}' in Redis is not JSON: {}", connection, json);
            }
        }
        rows.sort(Comparator.comparing(Row::node));
        return rows;
    }
}
