package io.conduit.server.outgoing;

import io.conduit.api.SqlStatements;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed query and a query of at most one row, made from a plain query and shaped by {@link SqlRows}:
 * one place for a node's pool, its transactions and the service test kit's scripted connection,
 * which differ only in how a statement runs.
 */
public abstract class SqlQueries implements SqlStatements {

    private final SqlRows results;

    protected SqlQueries(SqlRows results) {
        this.results = results;
    }

    /** @return how this connection shapes rows, for statements made elsewhere on its behalf */
    protected final SqlRows results() {
        return results;
    }

    @Override
    public final <T> List<T> query(Class<T> type, String sql, Object... params) {
        return results.bound(type, query(sql, params));
    }

    @Override
    public final Optional<Map<String, Object>> queryOne(String sql, Object... params) {
        return results.one(sql, query(sql, params));
    }
}
