package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.api.SqlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How rows become what a service asked for: bound to a type (columns in snake case to camel-case
 * fields, leniently), or at most one; and how a statement is shown (its literals out, on one line).
 * One place for a node's pool and the service test kit's scripted connection.
 */
public final class SqlRows {

    private static final Pattern LITERALS =
            Pattern.compile("'(?:[^']|'')*'|(?<![\\w.$])-?\\d+(?:\\.\\d+)?(?![\\w.])");
    private static final int SNIPPET = 200;

    private final String connection;
    private final ObjectMapper rowMapper;

    /** @param mapper the node's mapper: a copy of it, lenient about names and unknown columns, binds rows */
    @SuppressWarnings("deprecation") // MapperFeature on a copy of the node's mapper: its modules, lenient names
    public SqlRows(String connection, ObjectMapper mapper) {
        this.connection = connection;
        this.rowMapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true);
    }

    /**
     * @return the rows bound to {@code type}
     * @throws SqlException when a row does not bind
     */
    public <T> List<T> bound(Class<T> type, List<Map<String, Object>> rows) {
        List<T> bound = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> named = new LinkedHashMap<>(row.size() * 2);
            row.forEach((column, value) -> named.put(camelCase(column), value));
            try {
                bound.add(rowMapper.convertValue(named, type));
            } catch (IllegalArgumentException e) {
                throw new SqlException(connection, Reason.BAD_RESPONSE, null, "outgoing SQL connection '"
                        + connection + "': a row does not bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return bound;
    }

    /**
     * @return the only row, or none
     * @throws SqlException when there are several
     */
    public Optional<Map<String, Object>> one(String sql, List<Map<String, Object>> rows) {
        if (rows.size() > 1) {
            throw new SqlException(connection, Reason.BAD_RESPONSE, null, "outgoing SQL connection '" + connection
                    + "': " + rows.size() + " rows where at most one was expected: " + snippet(sql), null);
        }
        return rows.stream().findFirst();
    }

    /**
     * @return the statement with its literals (quoted strings, numbers) replaced by {@code ?}: a span
     * shows what ran, never the values (those given as parameters are not in the text at all)
     */
    public static String sanitized(String sql) {
        return LITERALS.matcher(sql).replaceAll("?");
    }

    /** @return the statement on one line, cut to a length a message can hold */
    public static String snippet(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() > SNIPPET ? oneLine.substring(0, SNIPPET) + "..." : oneLine;
    }

    static String camelCase(String column) {
        if (column.indexOf('_') < 0) {
            return column;
        }
        StringBuilder out = new StringBuilder(column.length());
        boolean upper = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
                upper = false;
            }
        }
        return out.toString();
    }
}
