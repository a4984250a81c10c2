package io.conduit.server.odb;

import io.conduit.server.security.SecurityDefinition;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Security definitions in the ODB. */
public final class SecurityStore {

    private static final RowMapper<SecurityDefinition> MAPPER = (rs, ctx) -> new SecurityDefinition(
            rs.getString("name"), SecurityDefinition.Type.valueOf(rs.getString("type")), rs.getString("username"),
            rs.getString("secret"), rs.getString("header"), rs.getString("realm"), rs.getBoolean("active"));

    private final Odb odb;

    public SecurityStore(Odb odb) {
        this.odb = odb;
    }

    public List<SecurityDefinition> list() {
        return odb.read(h -> h.createQuery("SELECT * FROM security_definition ORDER BY name")
                .map(MAPPER).list());
    }

    public Optional<SecurityDefinition> get(String name) {
        return odb.read(h -> find(h, name));
    }

    /** @throws OdbConflictException if the name is taken */
    public void create(SecurityDefinition definition) {
        odb.change(h -> {
            if (find(h, definition.name()).isPresent()) {
                throw new OdbConflictException("a security definition named '" + definition.name() + "' already exists");
            }
            return insert(h, definition);
        });
    }

    /** @return false if there is no definition of that name */
    public boolean update(String name, SecurityDefinition definition) {
        return odb.change(h -> {
            if (find(h, name).isEmpty()) {
                return false;
            }
            h.createUpdate("DELETE FROM security_definition WHERE name = :name").bind("name", name).execute();
            insert(h, definition);
            if (!name.equals(definition.name())) {
                h.createUpdate("UPDATE http_channel SET security = :new WHERE security = :old")
                        .bind("new", definition.name()).bind("old", name).execute();
                h.createUpdate("UPDATE outgoing_http SET security = :new WHERE security = :old")
                        .bind("new", definition.name()).bind("old", name).execute();
            }
            return true;
        });
    }

    /** @return false if there is no definition of that name */
    public boolean delete(String name) {
        return odb.change(h -> h.createUpdate("DELETE FROM security_definition WHERE name = :name")
                .bind("name", name).execute() > 0);
    }

    private static int insert(Handle h, SecurityDefinition d) {
        return h.createUpdate("INSERT INTO security_definition (name, type, username, secret, header, realm, active)"
                        + " VALUES (:name, :type, :username, :secret, :header, :realm, :active)")
                .bind("name", d.name()).bind("type", d.type().name()).bind("username", d.username())
                .bind("secret", d.secret()).bind("header", d.header()).bind("realm", d.realm())
                .bind("active", d.active()).execute();
    }

    private static Optional<SecurityDefinition> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM security_definition WHERE name = :name").bind("name", name)
                .map(MAPPER).findOne();
    }
}
