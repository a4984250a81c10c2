package io.conduit.server.amqp;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;

/** AMQP channels in the ODB, their passwords sealed with the cluster's key. */
public final class AmqpChannelStore extends ConfigTable<AmqpChannelConfig> {

    private final SecretBox secrets;

    public AmqpChannelStore(Odb odb, SecretBox secrets) {
        super(odb, "AMQP channel", "amqp_channel", (rs, ctx) -> new AmqpChannelConfig(rs.getString("name"),
                        rs.getString("address"), rs.getString("username"),
                        secrets.open(rs.getString("password"), "AMQP channel '" + rs.getString("name") + "'"),
                        rs.getString("queue_name"), rs.getString("service"), rs.getInt("prefetch"),
                        rs.getInt("consumers"), rs.getInt("max_attempts"), rs.getBoolean("active")),
                AmqpChannelConfig::name, (h, replacing, c) -> { },
                (h, c) -> h.createUpdate("INSERT INTO amqp_channel (name, address, username, password, queue_name, service,"
                                + " prefetch, consumers, max_attempts, active) VALUES (:name, :address, :user, :password,"
                                + " :queue, :service, :prefetch, :consumers, :maxAttempts, :active)")
                        .bind("name", c.name()).bind("address", c.address()).bind("user", c.user())
                        .bind("password", secrets.seal(c.password())).bind("queue", c.queue())
                        .bind("service", c.service()).bind("prefetch", c.prefetch()).bind("consumers", c.consumers())
                        .bind("maxAttempts", c.maxAttempts()).bind("active", c.active()).execute());
        this.secrets = secrets;
    }

    /** Seals again every password not sealed with the current key; @return how many */
    public int resealAll() {
        return reseal("password", secrets::sealedWithCurrentKey,
                (stored, name) -> secrets.seal(secrets.open(stored, "AMQP channel '" + name + "'")));
    }
}
