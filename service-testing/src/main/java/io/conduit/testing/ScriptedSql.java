package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.api.SqlConnection;
import io.conduit.api.ServiceException;
import io.conduit.api.SqlException;
import io.conduit.server.outgoing.SqlQueries;
import io.conduit.server.outgoing.SqlRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An outgoing SQL connection that answers what the test scripted, for statements an in-memory H2
 * database does not run (a PostgreSQL or MariaDB dialect) or failures a test wants to see. Each
 * statement is matched by the start of its text (case and spacing ignored); rows come back bound and
 * checked as a node's connection binds and checks them.
 *
 * <pre>{@code
 * harness.scriptedSql("Orders DB").on("INSERT INTO orders").updated(1);
 * harness.scriptedSql("Orders DB").on("SELECT total FROM orders").rows(Map.of("total", 12.5));
 * }</pre>
 */
public final class ScriptedSql {

    private final String name;
    private final ServiceHarness harness;
    private final List<Script> scripts = new CopyOnWriteArrayList<>();
    private final List<OutgoingCall> statements = new CopyOnWriteArrayList<>();
    private final Connection connection;

    ScriptedSql(String name, ServiceHarness harness) {
        this.name = name;
        this.harness = harness;
        this.connection = new Connection(new SqlRows(name, harness.mapper()));
    }

    /** @return a script for statements starting with this text (case and spacing ignored) */
    public Script on(String statementStart) {
        Script script = new Script(normal(statementStart), false);
        scripts.add(script);
        return script;
    }

    /**
     * @return a script for one statement as a recorded call shows it: its literals replaced by {@code ?},
     * matched against the statement run with its literals replaced the same way; answers once
     */
    Script onRecorded(String statement) {
        Script script = new Script(normal(statement), true);
        script.once = true;
        scripts.add(script);
        return script;
    }

    /** @return the statements run, in order: {@code path} the statement, {@code body} its parameters */
    public List<OutgoingCall> statements() {
        return List.copyOf(statements);
    }

    SqlConnection connection() {
        return connection;
    }

    void reset() {
        scripts.clear();
        statements.clear();
    }

    List<String> unused() {
        List<String> unused = new ArrayList<>();
        for (Script script : scripts) {
            if (script.uses == 0 && !script.optional) {
                unused.add("outgoing SQL connection '" + name + "': " + (script.recorded ? "the recorded call ran '"
                        + script.start + "', which the service did not run now" : "the test expected a statement"
                        + " starting '" + script.start + "', which no service ran"));
            }
        }
        return unused;
    }

    /** What statements starting with a text answer. */
    public final class Script {
        private final String start;
        private final boolean recorded;
        private List<Map<String, Object>> rows = List.of();
        private int updated;
        private Reason reason;
        private String sqlState;
        private String failure;
        private String recordedFailure;
        private boolean optional;
        private boolean once;
        private volatile int uses;

        private Script(String start, boolean recorded) {
            this.start = start;
            this.recorded = recorded;
        }

        private boolean matches(String text, String sanitized) {
            return !(once && uses > 0) && (recorded ? sanitized.equals(start) : text.startsWith(start));
        }

        /**
         * A query answers these rows (column names as the database gives them, e.g. {@code order_id}; a
         * {@code LinkedHashMap} keeps the columns in the order a SELECT would).
         */
        @SafeVarargs
        public final Script rows(Map<String, Object>... rows) {
            this.rows = Arrays.stream(rows).map(r -> (Map<String, Object>) new LinkedHashMap<>(r)).toList();
            return this;
        }

        Script rows(List<Map<String, Object>> rows) {
            this.rows = List.copyOf(rows);
            return this;
        }

        /** An update answers this count of rows changed. */
        public Script updated(int count) {
            this.updated = count;
            return this;
        }

        /** The database refuses the statement, as a node's connection reports it ({@code REJECTED}). */
        public Script fail(String sqlState, String message) {
            this.reason = Reason.REJECTED;
            this.sqlState = sqlState;
            this.failure = message;
            return this;
        }

        /**
         * The statement fails as a node's connection fails for that reason: {@code UNREACHABLE} (the
         * database cannot be reached), {@code TIMEOUT} or {@code INACTIVE}.
         */
        public Script fail(Reason reason) {
            this.reason = reason;
            return this;
        }

        /** Fails the statement with the very message a node's connection gave when the call was recorded. */
        Script failAsRecorded(Reason reason, String sqlState, String message) {
            this.reason = reason;
            this.sqlState = sqlState;
            this.recordedFailure = message;
            return this;
        }

        /**
         * Answers one statement only. Scripts given with {@code once()} that match the same statement
         * answer in the order given.
         */
        public Script once() {
            this.once = true;
            return this;
        }

        /** The test does not fail if no service runs such a statement. */
        public Script optional() {
            this.optional = true;
            return this;
        }
    }

    private Script answer(String kind, String sql, Object[] params) {
        JsonNode sent = harness.mapper().valueToTree(params == null ? List.of() : Arrays.asList(params));
        OutgoingCall call = new OutgoingCall("sql", name, kind, sql, sent, Map.of());
        statements.add(call);
        harness.sent(call);
        String text = normal(sql);
        String sanitized = normal(SqlRows.sanitized(sql));
        // the longest start that matches; of equally long ones, the first once() or else the last given
        Script found = null;
        for (Script script : scripts) {
            if (script.matches(text, sanitized) && (found == null || script.start.length() > found.start.length()
                    || script.start.length() == found.start.length() && !found.once)) {
                found = script;
            }
        }
        if (found == null) {
            throw new AssertionError("service '" + harness.currentService() + "' ran " + sql + " " + sent
                    + " on outgoing SQL connection '" + name + "', which no script of the test answers; its scripts"
                    + " start: " + scripts.stream().map(s -> "'" + s.start + "'").toList()
                    + ". Add harness.scriptedSql(\"" + name + "\").on(\"...\").rows(...) or .updated(n)");
        }
        found.uses++;
        if (found.recordedFailure != null) {
            throw new SqlException(name, found.reason, found.sqlState, found.recordedFailure, null);
        }
        if (found.reason != null) {
            // worded as a node's connection words it, the address aside
            String where = "outgoing SQL connection '" + name + "' (scripted): ";
            throw new SqlException(name, found.reason, found.sqlState, switch (found.reason) {
                case REJECTED -> where + "the database refused the statement" + (found.sqlState == null ? ""
                        : ", SQL state " + found.sqlState) + ": " + found.failure + " [" + SqlRows.snippet(sql) + "]";
                case UNREACHABLE -> where + "the database cannot be reached [" + SqlRows.snippet(sql) + "]";
                case TIMEOUT -> where + "the statement did not finish in time [" + SqlRows.snippet(sql) + "]";
                case INACTIVE -> "outgoing SQL connection '" + name + "' is inactive (scripted)";
                default -> where + "failed: " + found.reason + " [" + SqlRows.snippet(sql) + "]";
            }, null);
        }
        return found;
    }

    private static String normal(String sql) {
        return sql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** What the service holds. */
    private final class Connection extends SqlQueries implements SqlConnection {

        Connection(SqlRows results) {
            super(results);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Map<String, Object>> query(String sql, Object... params) {
            return answer("query", sql, params).rows;
        }

        @Override
        public int update(String sql, Object... params) {
            return answer("update", sql, params).updated;
        }

        @Override
        public <T> T transaction(Transaction<T> work) {
            try {
                return work.run(this);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new ServiceException("a transaction on outgoing SQL connection '" + name + "' was rolled back: "
                        + e, e);
            }
        }
    }
}
