package io.conduit.server.kvdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.common.redis.Redis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-node state of something the whole cluster shows (a circuit breaker, a channel's consumers):
 * each node writes its row to Redis (a hash per thing, a field per node) every few seconds; any node
 * reads every node's rows for the admin API. Rows older than {@link #FRESH_MILLIS} are from nodes
 * that stopped and are left out.
 *
 * @param <R> a row, written and read as JSON
 */
public final class NodeRows<R> {

    /** A row is current if written within this many milliseconds. */
    public static final long FRESH_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(NodeRows.class);

    private final Redis redis;
    private final String prefix;
    private final Class<R> type;
    private final ToLongFunction<R> writtenAt;
    private final Function<R, String> nodeOf;
    private final String node;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * @param prefix    of the Redis keys, followed by the thing's name
     * @param writtenAt a row's time of writing, milliseconds since the epoch
     * @param nodeOf    a row's node
     * @param node      this node
     */
    public NodeRows(Redis redis, String prefix, Class<R> type, ToLongFunction<R> writtenAt, Function<R, String> nodeOf,
                    String node, ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.type = type;
        this.writtenAt = writtenAt;
        this.nodeOf = nodeOf;
        this.node = node;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Writes this node's row of a thing; a Redis outage only costs the row (logged at debug). */
    public void publish(String name, R row) {
        try {
            redis.pool().hset(prefix + name, node, mapper.writeValueAsString(row));
            redis.pool().pexpire(prefix + name, 3 * FRESH_MILLIS);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("the row of '{}' could not be published: {}", name, e.toString());
        }
    }

    /**
     * @return every live node's row of a thing, by node
     * @throws KvdbUnavailableException if Redis cannot be reached
     */
    public List<R> read(String name) {
        Map<String, String> fields = RedisOutages.orUnavailable("the nodes' states of '" + name + "' cannot be read",
                () -> redis.pool().hgetAll(prefix + name));
        long oldest = clock.millis() - FRESH_MILLIS;
        List<R> rows = new ArrayList<>();
        for (String json : fields.values()) {
            try {
                R row = mapper.readValue(json, type);
                if (writtenAt.applyAsLong(row) >= oldest) {
                    rows.add(row);
                }
            } catch (JsonProcessingException e) {
                LOG.warn("a row of '{}' in Redis is not JSON: {}", name, json);
            }
        }
        rows.sort(Comparator.comparing(nodeOf));
        return rows;
    }
}
