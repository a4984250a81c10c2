package io.conduit.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.TestConfig;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import io.conduit.server.release.AuditTrail;
import io.conduit.server.security.SecurityDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refused credentials reach the audit trail counted per user name and address, a bounded number of rows. */
class RefusedCredentialsTest {

    private final Odb odb = TestOdb.memory();
    private final ConfigStore store = TestConfig.store(odb, SecurityDefinition.KIND);
    private final AuditTrail trail = new AuditTrail(odb, store, Clock.systemUTC(), Duration.ofDays(1));
    private final RefusedCredentials refusals = new RefusedCredentials(trail, Clock.systemUTC());

    @Test
    void aGuessersThousandTriesAreOneEntryWithTheirCount() {
        for (int i = 0; i < 1000; i++) {
            refusals.refused("admin", "GET", "/conduit/admin/channels/http", "10.0.0.9");
        }
        refusals.refused("root", "POST", "/conduit/admin/services", "10.0.0.7");
        refusals.flush();

        List<AuditTrail.Entry> entries = trail.list(100, null);
        assertThat(entries).extracting(e -> e.by() + " " + e.from() + " " + e.action() + " " + e.kind() + " " + e.status()
                + " " + e.name()).containsExactlyInAnyOrder(
                "admin 10.0.0.9 refused credentials 401 1000 attempts, the first GET /conduit/admin/channels/http",
                "root 10.0.0.7 refused credentials 401 1 attempt, POST /conduit/admin/services");
        refusals.flush();
        assertThat(trail.list(100, null)).as("nothing new, nothing written").hasSize(2);
    }

    @Test
    void manyGuessersAtOnceAreWrittenUpToTheBound() {
        for (int i = 0; i < RefusedCredentials.MOST + 50; i++) {
            refusals.refused("user-" + i, "GET", "/conduit/admin/audit", "10.0.1." + (i % 250));
        }
        refusals.flush();
        assertThat(trail.list(1000, null)).hasSize(RefusedCredentials.MOST);
    }
}
