package io.conduit.server.security;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;
import java.util.Map;
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
     * Seals again, with the current key, every secret that is not sealed with it: those sealed with
     * an older key (after a rotation) and those written before secrets were sealed. One change, so
     * every node reloads its definitions.
     *
     * @return how many secrets were sealed again
     */
    public int resealAll() {
        Map<String, String> stale = odb().read(h -> h.createQuery("SELECT name, secret FROM security_definition")
                .reduceRows(new java.util.LinkedHashMap<String, String>(), (m, row) -> {
                    String secret = row.getColumn("secret", String.class);
                    if (!secrets.sealedWithCurrentKey(secret)) {
                        m.put(row.getColumn("name", String.class), secret);
                    }
                    return m;
                }));
        if (stale.isEmpty()) {
            return 0;
        }
        return odb().change(h -> {
            int n = 0;
            for (Map.Entry<String, String> e : stale.entrySet()) {
                String plain = secrets.open(e.getValue(), "security definition '" + e.getKey() + "'");
                n += h.createUpdate("UPDATE security_definition SET secret = :sealed WHERE name = :name AND secret = :was")
                        .bind("sealed", secrets.seal(plain)).bind("name", e.getKey()).bind("was", e.getValue())
                        .execute();
            }
            return n;
        });
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
