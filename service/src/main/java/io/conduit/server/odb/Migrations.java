package io.conduit.server.odb;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the ODB's schema to the newest version with Flyway ({@code db/migration/V*.sql}). Several
 * nodes may start at once against one ODB: a node that loses the race retries after the winner.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final int ATTEMPTS = 5;

    private final String url;
    private final String user;
    private final String password;
    private final String vendor;

    Migrations(String url, String user, String password, String vendor) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.vendor = vendor;
    }

    void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .placeholders(Map.of("binary", vendor.equals("h2") ? "BLOB" : "BYTEA",
                        "text", vendor.equals("h2") ? "CLOB" : "TEXT"))
                .javaMigrations(new V10__Kinds_as_documents())
                .connectRetries(30)
                .connectRetriesInterval(2)
                .load();
        for (int attempt = 1; ; attempt++) {
            try {
                var result = flyway.migrate();
                LOG.info("ODB - schema at version {} ({} migrations applied now)",
                        result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
                        result.migrationsExecuted);
                return;
            } catch (FlywayException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("ODB - cannot migrate the schema at "
                            + OdbFactory.redacted(url) + ": " + e.getMessage(), e);
                }
                LOG.warn("ODB - migration attempt {} failed ({}); another node may be migrating, retrying",
                        attempt, e.getMessage());
                pause(attempt * 200L);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating the ODB", e);
        }
    }
}
