package io.conduit.server.odb;

import java.sql.SQLException;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The operational database: deployed services, channels, connections and security definitions.
 *
 * <p>Every change goes through {@link #change}, which bumps the cluster's config version in the
 * same transaction: nodes compare that number to know whether they must reload.
 */
public final class Odb {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public Odb(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return the underlying Jdbi, for the stores */
    Jdbi jdbi() {
        return jdbi;
    }

    /** @return the cluster's config version, bumped by every change */
    public long configVersion() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM config_version WHERE id = 1")
                .mapTo(Long.class).one());
    }

    /**
     * Runs a change in one transaction and bumps the config version with it.
     *
     * @param work the change
     * @param <T>  what the change returns
     * @return what the change returned
     * @throws OdbConflictException if the change broke a unique constraint
     */
    public <T> T change(Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(h -> {
                T result = work.apply(h);
                h.createUpdate("UPDATE config_version SET version = version + 1 WHERE id = 1").execute();
                return result;
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new OdbConflictException("it conflicts with an existing entry (a name or path already in use)", e);
            }
            throw e;
        }
    }

    /** @return a quick liveness check of the database */
    public boolean ping() {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
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
