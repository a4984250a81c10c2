package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.SqlConnection;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.tracing.Tracing;
import java.util.UUID;

/**
 * The service test kit's SQL connections: a node's own pool (the same statements, parameters, row
 * mapping and errors) on an in-memory H2 database in PostgreSQL mode, names in lower case as
 * PostgreSQL gives them.
 */
public final class InMemorySql {

    private InMemorySql() {
    }

    /**
     * @param name the connection's name, as the service asks for it
     * @return a connection to a new, empty database; close it with {@link #close(SqlConnection)}
     */
    public static SqlConnection open(String name, ObjectMapper mapper, Tracing tracing) {
        OutgoingSqlConfig config = new OutgoingSqlConfig(name, "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", null,
                2, 10_000, true);
        return new SqlPool(config, mapper, new Meters(new NodeMetrics(), tracing.tracer(), false).sql(config));
    }

    /** Closes a connection {@link #open} gave: its database goes with its last connection. */
    public static void close(SqlConnection connection) {
        if (connection instanceof SqlPool pool) {
            pool.close();
        }
    }
}
