package io.conduit.server.security;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import org.jdbi.v3.core.mapper.RowMapper;

/** Security definitions in the ODB; renaming one renames it where channels and connections use it. */
public final class SecurityStore extends ConfigTable<SecurityDefinition> {

    private static final RowMapper<SecurityDefinition> MAPPER = (rs, ctx) -> new SecurityDefinition(
            rs.getString("name"), SecurityDefinition.Type.valueOf(rs.getString("type")), rs.getString("username"),
            rs.getString("secret"), rs.getString("header"), rs.getString("realm"), rs.getBoolean("active"));

    public SecurityStore(Odb odb) {
        super(odb, "security definition", "security_definition", MAPPER, SecurityDefinition::name,
                (h, replacing, d) -> {
                    if (replacing != null && !replacing.equals(d.name())) {
                        h.createUpdate("UPDATE http_channel SET security = :new WHERE security = :old")
                                .bind("new", d.name()).bind("old", replacing).execute();
                        h.createUpdate("UPDATE outgoing_http SET security = :new WHERE security = :old")
                                .bind("new", d.name()).bind("old", replacing).execute();
                    }
                },
                (h, d) -> h.createUpdate("INSERT INTO security_definition (name, type, username, secret, header,"
                                + " realm, active) VALUES (:name, :type, :username, :secret, :header, :realm, :active)")
                        .bind("name", d.name()).bind("type", d.type().name()).bind("username", d.username())
                        .bind("secret", d.secret()).bind("header", d.header()).bind("realm", d.realm())
                        .bind("active", d.active()).execute());
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
