package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.api.ServiceException;
import io.conduit.api.SqlConnection;
import io.conduit.api.SqlException;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.tracing.SpanAttributes;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One outgoing SQL connection: a HikariCP pool on one database, built once from a frozen
 * configuration. As with {@link HttpPool}, an edited connection is a new pool: the old one is
 * {@linkplain #retire retired} (statements that start later go to its successor) and closed once the
 * statements and transactions still running on it are done.
 */
final class SqlPool extends SqlQueries implements SqlConnection, LiveRegistry.Live<OutgoingSqlConfig, SqlPool> {

    /** Runs on a database connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private final OutgoingSqlConfig config;
    private final ObjectMapper mapper;
    private final HikariDataSource data;
    private final int queryTimeoutSeconds;
    private final Retirement<SqlPool> retirement = new Retirement<>();
    private final ConnectionMeter meter;

    /**
     * @param mapper writes JSON parameters; a copy, lenient about names and unknown columns, binds rows
     *               to types
     */
    SqlPool(OutgoingSqlConfig config, ObjectMapper mapper, ConnectionMeter meter) {
        super(new SqlRows(config.name(), mapper));
        this.config = config;
        this.meter = meter;
        this.mapper = mapper;
        this.queryTimeoutSeconds = (config.timeoutMs() + 999) / 1000;
        this.data = config.active() ? new HikariDataSource(hikari(config)) : null;
    }

    private static HikariConfig hikari(OutgoingSqlConfig config) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("sql-" + config.name());
        h.setDriverClassName(switch (config.database()) {
            case "PostgreSQL" -> "org.postgresql.Driver";
            case "H2" -> "org.h2.Driver"; // the service test kit's, never configured (the url's pattern says no)
            default -> "org.mariadb.jdbc.Driver";
        });
        h.setJdbcUrl(config.url());
        h.setUsername(config.user());
        h.setPassword(config.password() == null ? null : config.password().reveal());
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(config.poolSize());
        h.setConnectionTimeout(config.timeoutMs());
        h.setValidationTimeout(Math.min(config.timeoutMs(), 5_000));
        // a database that is down when the pool is made is not an error yet: statements say so when they run
        h.setInitializationFailTimeout(-1);
        return h;
    }

    OutgoingSqlConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... params) {
        return run(sql, c -> rows(c, sql, params));
    }

    @Override
    public int update(String sql, Object... params) {
        return run(sql, c -> changed(c, sql, params));
    }

    @Override
    public <T> T transaction(Transaction<T> work) {
        return run(null, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(new InTransaction(c));
                c.commit();
                return result;
            } catch (Exception | Error e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the database rolls back by itself
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** @return the statement's first word, upper case: the span's name ({@code SELECT}, {@code UPDATE}, ...) */
    static String operation(String sql) {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return end == 0 ? "SQL" : s.substring(0, end).toUpperCase(java.util.Locale.ROOT);
    }

    /** @return the pool's connections now: in use, idle, callers waiting for one; or null when inactive */
    HikariPoolMXBean poolStats() {
        return data == null ? null : data.getHikariPoolMXBean();
    }

    /** A ping: a connection from the pool, checked by the driver. */
    SqlPing ping() {
        long start = System.nanoTime();
        return run(null, c -> {
            if (!c.isValid(queryTimeoutSeconds)) {
                throw new SQLException("the database did not answer a ping within " + config.timeoutMs() + " ms", "08000");
            }
            var meta = c.getMetaData();
            return new SqlPing((System.nanoTime() - start) / 1e6,
                    meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        });
    }

    private <T> T run(String sql, Work<T> work) {
        if (!retirement.enter()) {
            return retirement.successor(config.name()).run(sql, work);
        }
        ConnectionMeter.Call call = meter.start(sql == null ? "TRANSACTION" : operation(sql));
        if (sql != null && (call.span().isRecording() || call.recorded())) {
            String statement = SqlRows.sanitized(sql);
            call.span().setAttribute(SpanAttributes.DB_QUERY, statement);
            call.sent(statement);
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            if (data == null) {
                throw new SqlException(config.name(), Reason.INACTIVE, null, "outgoing SQL connection '" + config.name()
                        + "' is inactive; activate it in the dashboard or with PUT /conduit/admin/outgoing/sql/"
                        + config.name(), null);
            }
            try (Connection c = data.getConnection()) {
                T result = work.run(c);
                if (sql != null) {
                    call.received(result); // rows or a count, for a recorded call's replay
                }
                return result;
            }
        } catch (SQLException e) {
            throw (RuntimeException) (failure = failure(sql, e, start));
        } catch (RuntimeException e) {
            throw (RuntimeException) (failure = e);
        } catch (Exception e) {
            throw (RuntimeException) (failure = new ServiceException("a transaction on outgoing SQL connection '"
                    + config.name() + "' was rolled back: " + e, e));
        } finally {
            if (failure == null) {
                call.ok();
            } else {
                call.failed(failure);
            }
            retirement.leave();
        }
    }

    /** From now on statements go to the connection's current pool; this one closes once drained. */
    @Override
    public java.time.Duration retire(Function<String, SqlPool> current) {
        retirement.retire(current);
        return java.time.Duration.ofMillis(3L * config.timeoutMs() + 1000);
    }

    @Override
    public OutgoingSqlConfig spec() {
        return config;
    }

    /** @return whether this pool is retired and nothing runs on it any more: it can be closed */
    @Override
    public boolean drained() {
        return retirement.drained();
    }

    private List<Map<String, Object>> rows(Connection c, String sql, Object[] params) throws SQLException {
        try (PreparedStatement statement = prepared(c, sql, params); ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            String[] labels = new String[columns];
            for (int i = 0; i < columns; i++) {
                labels[i] = meta.getColumnLabel(i + 1);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>(columns * 2);
                for (int i = 0; i < columns; i++) {
                    row.put(labels[i], value(rs.getObject(i + 1)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private int changed(Connection c, String sql, Object[] params) throws SQLException {
        try (PreparedStatement statement = prepared(c, sql, params)) {
            return statement.executeUpdate();
        }
    }

    private PreparedStatement prepared(Connection c, String sql, Object[] params) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw new SQLException("no SQL given", "42000");
        }
        PreparedStatement statement = c.prepareStatement(sql);
        try {
            statement.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; params != null && i < params.length; i++) {
                statement.setObject(i + 1, parameter(params[i]));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** A parameter as JDBC takes it: instants as timestamps, enums by name, JSON trees and collections as JSON text. */
    private Object parameter(Object value) throws SQLException {
        if (value instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Character ch) {
            return ch.toString();
        }
        if (value instanceof JsonNode || value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return mapper.writeValueAsString(value);
            } catch (Exception e) {
                throw new SQLException("a parameter cannot be written as JSON: " + e.getMessage(), "22000");
            }
        }
        return value;
    }

    /** A column's value as services get it: java.time for dates and times, text and bytes for large objects. */
    private static Object value(Object value) throws SQLException {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value != null && value.getClass().getName().startsWith("org.postgresql.util.PG")) {
            return value.toString(); // json, jsonb, interval, money...: their text
        }
        return value;
    }




    /** The failure as a service sees it: the connection, its database, the SQL state; the pool's state on a timeout. */
    private SqlException failure(String sql, SQLException e, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String where = "outgoing SQL connection '" + config.name() + "' (" + config.database() + " " + config.url() + ")";
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException && data != null) {
            HikariPoolMXBean pool = data.getHikariPoolMXBean();
            Throwable cause = e.getCause();
            String poolState = pool == null ? "" : " (pool: " + pool.getActiveConnections() + " in use, "
                    + pool.getIdleConnections() + " idle, " + pool.getThreadsAwaitingConnection() + " waiting, size "
                    + config.poolSize() + ")";
            if (cause instanceof SQLException refused) {
                return new SqlException(config.name(), Reason.UNREACHABLE, refused.getSQLState(), where
                        + ": cannot connect to the database: " + firstLine(refused.getMessage()) + poolState, e);
            }
            return new SqlException(config.name(), Reason.TIMEOUT, state, where + ": no free database connection within "
                    + millis + " ms" + poolState + "; raise poolSize or shorten the statements", e);
        }
        Reason reason;
        String what;
        if (state != null && state.startsWith("08")) {
            reason = Reason.UNREACHABLE;
            what = "the database cannot be reached";
        } else if (e instanceof SQLTimeoutException || "57014".equals(state) || "70100".equals(state)) {
            reason = Reason.TIMEOUT;
            what = "the statement did not finish within " + config.timeoutMs() + " ms";
        } else {
            reason = Reason.REJECTED;
            what = "the database refused the statement";
        }
        return new SqlException(config.name(), reason, state, where + ": " + what + (state == null ? "" : ", SQL state "
                + state) + ": " + firstLine(e.getMessage()) + (sql == null ? "" : " [" + SqlRows.snippet(sql) + "]"), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }


    /** Closes the pool and its database connections; idempotent. */
    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }

    @Override
    public String toString() {
        return "SqlPool[" + config.name() + " " + config.url() + "]";
    }

    /** The statements of one transaction, on its connection. */
    private final class InTransaction extends SqlQueries {

        private final Connection connection;

        InTransaction(Connection connection) {
            super(SqlPool.this.results());
            this.connection = connection;
        }

        @Override
        public List<Map<String, Object>> query(String sql, Object... params) {
            return inside(sql, () -> rows(connection, sql, params));
        }

        @Override
        public int update(String sql, Object... params) {
            return inside(sql, () -> changed(connection, sql, params));
        }

        private <T> T inside(String sql, Callable<T> statement) {
            long start = System.nanoTime();
            try {
                return statement.call();
            } catch (SQLException e) {
                throw failure(sql, e, start);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
