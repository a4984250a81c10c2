package io.conduit.server.admin;

import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.odb.OutgoingStore;
import io.conduit.server.outgoing.OutgoingZmqConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Outgoing ZeroMQ connections: {@code /conduit/admin/outgoing/zmq}. */
@Path("/admin/outgoing/zmq")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingZmqResource {

    /** A connection as an operator sends it. */
    public record Input(String name, String address, String socketType, Integer highWaterMark, Boolean active) {

        OutgoingZmqConfig toConfig(String defaultName) {
            return new OutgoingZmqConfig(name == null ? defaultName : name, address, socketType,
                    highWaterMark == null ? 0 : highWaterMark, active == null || active).validated();
        }
    }

    private final OutgoingStore store;
    private final ConfigSync sync;

    public OutgoingZmqResource(OutgoingStore store, ConfigSync sync) {
        this.store = store;
        this.sync = sync;
    }

    @GET
    public List<OutgoingZmqConfig> list() {
        return store.listZmq();
    }

    @GET
    @Path("{name}")
    public OutgoingZmqConfig get(@PathParam("name") String name) {
        return store.getZmq(name).orElseThrow(() -> notFound(name));
    }

    @POST
    public Response create(Input input) {
        OutgoingZmqConfig config = require(input).toConfig(null);
        store.createZmq(config);
        sync.changed();
        return Response.status(201).entity(config).build();
    }

    @PUT
    @Path("{name}")
    public OutgoingZmqConfig update(@PathParam("name") String name, Input input) {
        OutgoingZmqConfig config = require(input).toConfig(name);
        if (!store.updateZmq(name, config)) {
            throw notFound(name);
        }
        sync.changed();
        return config;
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!store.deleteZmq(name)) {
            throw notFound(name);
        }
        sync.changed();
        return Response.noContent().build();
    }

    private static Input require(Input input) {
        if (input == null) {
            throw new IllegalArgumentException("a JSON connection is required: {\"name\", \"address\", \"socketType\"}");
        }
        return input;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no outgoing ZeroMQ connection named '" + name + "'");
    }
}
