package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.odb.Odb;
import io.conduit.server.release.AuditTrail;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail of admin API writes ({@code GET /conduit/admin/audit}).
 *
 * <table>
 * <caption>Configuration keys under {@code audit:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>retention</td><td>90 days</td><td>how long entries are kept in the ODB; older ones are removed
 * hourly</td></tr>
 * </table>
 */
public class AuditFactory {

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration retention = Duration.days(90);

    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public AuditTrail build(Odb odb, ConfigStore releases, Clock clock) {
        return new AuditTrail(odb, releases, clock, retention.toJavaDuration());
    }
}
