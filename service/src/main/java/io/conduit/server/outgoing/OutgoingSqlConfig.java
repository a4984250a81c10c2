package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An outgoing SQL connection (the password sealed in the ODB, open only in memory).
 *
 * @param name      unique name services look it up by, e.g. {@code Billing}
 * @param url       {@code jdbc:postgresql://host:port/db} or {@code jdbc:mariadb://host:port/db}, options
 *                  allowed but no password in it
 * @param user      the database user
 * @param password  the user's password, or {@code null}
 * @param poolSize  database connections each node keeps open
 * @param timeoutMs how long a statement waits for a free connection, and runs at most
 * @param active    an inactive connection refuses every statement, saying so
 */
@Checked
public record OutgoingSqlConfig(
        @Name String name,
        @JsonPropertyDescription("jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db, without credentials")
        @NotNull @Pattern(regexp = "jdbc:(postgresql|mariadb)://[^\\s/?#]+(/[^\\s?#]*)?(\\?\\S*)?",
                message = "must be jdbc:postgresql://host:port/database or jdbc:mariadb://host:port/database")
        String url,
        @JsonPropertyDescription("the database user") @NotBlank String user,
        @JsonPropertyDescription("the user's password (write-only)") Secret password,
        @JsonProperty(defaultValue = "10") @JsonPropertyDescription("database connections each node keeps open")
        @Min(1) @Max(200) int poolSize,
        @JsonProperty(defaultValue = "10000")
        @JsonPropertyDescription("how long a statement waits for a free connection, and runs at most, in ms")
        @Min(250) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every statement")
        boolean active) implements Configured, CrossChecked {

    /** Outgoing SQL connections: {@code /conduit/admin/outgoing/sql}. */
    public static final Kind<OutgoingSqlConfig> KIND = Kind.of("outgoing/sql", "outgoing SQL connection",
            OutgoingSqlConfig.class);

    private static final java.util.regex.Pattern PASSWORD_IN_URL = java.util.regex.Pattern.compile("(?i)[?&;](password|pwd)=");

    public OutgoingSqlConfig {
        url = url == null ? null : url.trim();
        user = user == null ? null : user.trim();
    }

    @Override
    public void check(Findings findings) {
        findings.require(url == null || !PASSWORD_IN_URL.matcher(url).find() && !url.substring(url.indexOf("//") + 2)
                .contains("@"), "url", "must not hold credentials: put them in user and password, which are kept sealed");
    }

    /** @return {@code PostgreSQL} or {@code MariaDB} */
    public String database() {
        return url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : url.startsWith("jdbc:h2:") ? "H2" : "MariaDB";
    }
}
