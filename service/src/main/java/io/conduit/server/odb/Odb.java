package io.conduit.server.odb;

import java.sql.SQLException;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The operational database: deployed services, channels, connections and security definitions.
 *
 * <p>Every change goes through {@link #change}, which bumps the cluster's config version in the
 * same transaction: nodes compare that number to know whether they must reload. Every access goes
 * through this class, which turns "the database cannot be reached" into an
 * {@link OdbUnavailableException} naming it.
 */
public final class Odb {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final String description;
    private volatile Runnable onChange = () -> { };

    /**
     * @param jdbi        the pool
     * @param description what the database is, for messages (its URL without secrets)
     */
    public Odb(Jdbi jdbi, String description) {
        this.jdbi = jdbi;
        this.description = description;
    }

    /**
     * @param onChange run after every change this node commits, on the thread that made it: it
     *                 applies the change here and tells the cluster (and may wait for it)
     */
    public void onChange(Runnable onChange) {
        this.onChange = onChange;
    }

    /** @return the cluster's config version, bumped by every change */
    public long configVersion() {
        return read(h -> h.createQuery("SELECT version FROM config_version WHERE id = 1").mapTo(Long.class).one());
    }

    /** Runs a query on a pooled connection. */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** Runs statements on a pooled connection. */
    public void use(HandleConsumer<RuntimeException> work) {
        try {
            jdbi.useHandle(work);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** Runs statements in one transaction, without touching the config version (heartbeats, statuses). */
    public void useTransaction(HandleConsumer<RuntimeException> work) {
        try {
            jdbi.useTransaction(work);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /**
     * Runs a change in one transaction and bumps the config version with it; once committed, the
     * cluster is told (see {@link #onChange}). A change that throws commits nothing and tells no one.
     *
     * @param work the change
     * @param <T>  what the change returns
     * @return what the change returned
     * @throws OdbConflictException if the change broke a unique constraint
     */
    public <T> T change(Function<Handle, T> work) {
        T result;
        try {
            result = jdbi.inTransaction(h -> {
                T done = work.apply(h);
                h.createUpdate("UPDATE config_version SET version = version + 1 WHERE id = 1").execute();
                return done;
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new OdbConflictException("it conflicts with an existing entry (a name or path already in use)", e);
            }
            throw translated(e);
        }
        onChange.run();
        return result;
    }

    /** @return a quick liveness check of the database */
    public boolean ping() {
        return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    }

    private RuntimeException translated(RuntimeException e) {
        return e instanceof OdbUnavailableException || !isUnreachable(e) ? e
                : new OdbUnavailableException(description, rootMessage(e), e);
    }

    /**
     * @return whether a failure means the database cannot be reached (no connection, a broken one,
     *     the pool's wait ran out), rather than a statement it refused
     */
    static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof java.net.ConnectException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t.getClass().getName().endsWith("PoolExhaustedException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || H2_CONNECTION_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** H2's own codes for a connection that is broken or a database that is closed. */
    private static final java.util.Set<String> H2_CONNECTION_STATES = java.util.Set.of("90067", "90098", "90121");

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
