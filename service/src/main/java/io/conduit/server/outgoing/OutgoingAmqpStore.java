package io.conduit.server.outgoing;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;

/** Outgoing AMQP connections in the ODB, their passwords sealed with the cluster's key. */
public final class OutgoingAmqpStore extends ConfigTable<OutgoingAmqpConfig> {

    private final SecretBox secrets;

    public OutgoingAmqpStore(Odb odb, SecretBox secrets) {
        super(odb, "outgoing AMQP connection", "outgoing_amqp", (rs, ctx) -> new OutgoingAmqpConfig(rs.getString("name"),
                        rs.getString("address"), rs.getString("username"),
                        secrets.open(rs.getString("password"), "outgoing AMQP connection '" + rs.getString("name") + "'"),
                        rs.getString("exchange_name"), rs.getString("routing_key"), rs.getInt("delivery_mode"),
                        rs.getBoolean("confirm"), rs.getInt("timeout_ms"), rs.getBoolean("active")),
                OutgoingAmqpConfig::name, (h, replacing, c) -> { },
                (h, c) -> h.createUpdate("INSERT INTO outgoing_amqp (name, address, username, password, exchange_name,"
                                + " routing_key, delivery_mode, confirm, timeout_ms, active) VALUES (:name, :address, :user,"
                                + " :password, :exchange, :routingKey, :deliveryMode, :confirm, :timeoutMs, :active)")
                        .bind("name", c.name()).bind("address", c.address()).bind("user", c.user())
                        .bind("password", secrets.seal(c.password())).bind("exchange", c.exchange())
                        .bind("routingKey", c.routingKey()).bind("deliveryMode", c.deliveryMode())
                        .bind("confirm", c.confirm()).bind("timeoutMs", c.timeoutMs()).bind("active", c.active())
                        .execute());
        this.secrets = secrets;
    }

    /** Seals again every password not sealed with the current key; @return how many */
    public int resealAll() {
        return reseal("password", secrets::sealedWithCurrentKey,
                (stored, name) -> secrets.seal(secrets.open(stored, "outgoing AMQP connection '" + name + "'")));
    }
}
