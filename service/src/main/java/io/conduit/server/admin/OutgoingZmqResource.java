package io.conduit.server.admin;

import io.conduit.server.outgoing.OutgoingZmqConfig;
import io.conduit.server.outgoing.OutgoingZmqStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Outgoing ZeroMQ connections: {@code /conduit/admin/outgoing/zmq}. */
@Path("/admin/outgoing/zmq")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingZmqResource extends ConfigResource<OutgoingZmqConfig, OutgoingZmqResource.Input> {

    /** A connection as an operator sends it. */
    public record Input(String name, String address, String socketType, Integer highWaterMark, Boolean active) {
    }

    public OutgoingZmqResource(OutgoingZmqStore store) {
        super(store, "{\"name\", \"address\", \"socketType\"}");
    }

    @Override
    protected OutgoingZmqConfig entry(Input in, String name, OutgoingZmqConfig current) {
        return new OutgoingZmqConfig(in.name() == null ? name : in.name(), in.address(), in.socketType(),
                in.highWaterMark() == null ? 0 : in.highWaterMark(), in.active() == null || in.active()).validated();
    }
}
