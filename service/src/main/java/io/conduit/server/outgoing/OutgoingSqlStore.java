package io.conduit.server.outgoing;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;

/** Outgoing SQL connections in the ODB, their passwords sealed with the cluster's key. */
public final class OutgoingSqlStore extends ConfigTable<OutgoingSqlConfig> {

    private final SecretBox secrets;

    public OutgoingSqlStore(Odb odb, SecretBox secrets) {
        super(odb, "outgoing SQL connection", "outgoing_sql", (rs, ctx) -> new OutgoingSqlConfig(rs.getString("name"),
                        rs.getString("url"), rs.getString("username"),
                        secrets.open(rs.getString("password"), "outgoing SQL connection '" + rs.getString("name") + "'"),
                        rs.getInt("pool_size"), rs.getInt("timeout_ms"), rs.getBoolean("active")),
                OutgoingSqlConfig::name, (h, replacing, c) -> { },
                (h, c) -> h.createUpdate("INSERT INTO outgoing_sql (name, url, username, password, pool_size, timeout_ms,"
                                + " active) VALUES (:name, :url, :user, :password, :poolSize, :timeoutMs, :active)")
                        .bind("name", c.name()).bind("url", c.url()).bind("user", c.user())
                        .bind("password", secrets.seal(c.password())).bind("poolSize", c.poolSize())
                        .bind("timeoutMs", c.timeoutMs()).bind("active", c.active()).execute());
        this.secrets = secrets;
    }

    /** Seals again every password not sealed with the current key; @return how many */
    public int resealAll() {
        return reseal("password", secrets::sealedWithCurrentKey,
                (stored, name) -> secrets.seal(secrets.open(stored, "outgoing SQL connection '" + name + "'")));
    }
}
