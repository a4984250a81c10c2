package io.conduit.server.security;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Security definitions in the ODB, their passwords and keys sealed with the cluster's key (they
 * are opened only in memory); renaming one renames it where channels and connections use it.
 */
public final class SecurityStore extends ConfigTable<SecurityDefinition> {

    private final SecretBox secrets;

    public SecurityStore(Odb odb, SecretBox secrets) {
        super(odb, "security definition", "security_definition", mapper(secrets), SecurityDefinition::name,
                (h, replacing, d) -> {
                    if (replacing != null && !replacing.equals(d.name())) {
                        h.createUpdate("UPDATE http_channel SET security = :new WHERE security = :old")
                                .bind("new", d.name()).bind("old", replacing).execute();
                        h.createUpdate("UPDATE outgoing_http SET security = :new WHERE security = :old")
                                .bind("new", d.name()).bind("old", replacing).execute();
                    }
                },
                (h, d) -> h.createUpdate("INSERT INTO security_definition (name, type, username, secret, header,"
                                + " realm, issuer, audience, jwks_url, clock_skew_seconds, active) VALUES (:name, :type,"
                                + " :username, :secret, :header, :realm, :issuer, :audience, :jwksUrl, :skew, :active)")
                        .bind("name", d.name()).bind("type", d.type().name()).bind("username", d.username())
                        .bind("secret", secrets.seal(d.secret())).bind("header", d.header()).bind("realm", d.realm())
                        .bind("issuer", d.jwt() == null ? null : d.jwt().issuer())
                        .bind("audience", d.jwt() == null ? null : d.jwt().audience())
                        .bind("jwksUrl", d.jwt() == null ? null : d.jwt().jwksUrl())
                        .bind("skew", d.jwt() == null ? null : (Integer) (int) d.jwt().clockSkew().toSeconds())
                        .bind("active", d.active()).execute());
        this.secrets = secrets;
    }

    private static RowMapper<SecurityDefinition> mapper(SecretBox secrets) {
        return (rs, ctx) -> {
            SecurityDefinition.Type type = SecurityDefinition.Type.valueOf(rs.getString("type"));
            SecurityDefinition.Jwt jwt = type != SecurityDefinition.Type.JWT ? null : new SecurityDefinition.Jwt(
                    rs.getString("issuer"), rs.getString("audience"), rs.getString("jwks_url"),
                    java.time.Duration.ofSeconds(rs.getInt("clock_skew_seconds")));
            return new SecurityDefinition(rs.getString("name"), type, rs.getString("username"),
                    secrets.open(rs.getString("secret"), "security definition '" + rs.getString("name") + "'"),
                    rs.getString("header"), rs.getString("realm"), jwt, rs.getBoolean("active"));
        };
    }

    /**
     * Seals again, with the current key, every secret not sealed with it (after a rotation, or
     * written before secrets were sealed).
     *
     * @return how many secrets were sealed again
     */
    public int resealAll() {
        return reseal("secret", secrets::sealedWithCurrentKey,
                (stored, name) -> secrets.seal(secrets.open(stored, "security definition '" + name + "'")));
    }

    /**
     * Refuses a reference to a definition that does not exist.
     *
     * @param name a definition's name, or null for none
     * @throws InvalidInputException if there is no definition of that name
     */
    public void requireExisting(String name) {
        if (name != null && find(name).isEmpty()) {
            throw new InvalidInputException("security definition '" + name + "' does not exist; create it first"
                    + " with POST /conduit/admin/security");
        }
    }
}
