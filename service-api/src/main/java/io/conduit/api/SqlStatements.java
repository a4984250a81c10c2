package io.conduit.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Statements on an outgoing SQL connection. Values are always bound as parameters: every statement
 * takes its values after the SQL, one per {@code ?}, and no method builds SQL out of values, so a
 * value can never change what a statement does.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = sql.query("SELECT id, total FROM invoice WHERE customer = ?", customerId);
 * List<Invoice> invoices = sql.query(Invoice.class, "SELECT id, total FROM invoice WHERE customer = ?", customerId);
 * int changed = sql.update("UPDATE invoice SET paid = TRUE WHERE id = ?", invoiceId);
 * }</pre>
 *
 * <p>Parameters may be {@code null}, strings, numbers, booleans, {@code byte[]}, {@code UUID}s,
 * {@code java.time} dates and times ({@code Instant} is sent as a timestamp), or {@code Enum}s (sent
 * by name). Every method throws {@link SqlException} (an {@link OutgoingException}) when the
 * statement fails, naming the connection and the SQL state.
 */
public interface SqlStatements {

    /**
     * @param sql    a query with a {@code ?} for every value
     * @param params the values, in order
     * @return the rows, each a map from column label to value, in the columns' order; timestamps as
     *     {@code Instant}, dates as {@code LocalDate}, times as {@code LocalTime}
     */
    List<Map<String, Object>> query(String sql, Object... params);

    /**
     * Binds every row to a type: a record or bean whose properties are named as the columns
     * ({@code customer_id} or {@code customerId} both fill {@code customerId}); columns without a
     * property are left out.
     *
     * @param type   the type of a row
     * @param sql    a query with a {@code ?} for every value
     * @param params the values, in order
     * @return the rows
     */
    <T> List<T> query(Class<T> type, String sql, Object... params);

    /**
     * @return the only row, or empty if there is none
     * @throws SqlException if there are several
     */
    Optional<Map<String, Object>> queryOne(String sql, Object... params);

    /**
     * @param sql    an INSERT, UPDATE, DELETE or DDL statement with a {@code ?} for every value
     * @param params the values, in order
     * @return the number of rows changed
     */
    int update(String sql, Object... params);
}
