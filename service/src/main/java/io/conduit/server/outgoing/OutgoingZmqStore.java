package io.conduit.server.outgoing;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import org.jdbi.v3.core.mapper.RowMapper;

/** Outgoing ZeroMQ connections in the ODB. */
public final class OutgoingZmqStore extends ConfigTable<OutgoingZmqConfig> {

    private static final RowMapper<OutgoingZmqConfig> MAPPER = (rs, ctx) -> new OutgoingZmqConfig(
            rs.getString("name"), rs.getString("address"), rs.getString("socket_type"), rs.getInt("high_water_mark"),
            rs.getBoolean("active"));

    public OutgoingZmqStore(Odb odb) {
        super(odb, "outgoing ZeroMQ connection", "outgoing_zmq", MAPPER, OutgoingZmqConfig::name,
                "INSERT INTO outgoing_zmq (name, address, socket_type, high_water_mark, active) VALUES (:name,"
                        + " :address, :socketType, :highWaterMark, :active)");
    }
}
