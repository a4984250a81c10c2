package io.conduit.server.admin;

import io.conduit.api.OutgoingException;
import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.odb.OutgoingStore;
import io.conduit.server.odb.SecurityStore;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.outgoing.OutgoingHttpConfig;
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

/** Outgoing plain HTTP connections: {@code /conduit/admin/outgoing/http}, with ping. */
@Path("/admin/outgoing/http")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingHttpResource {

    /** A connection as an operator sends it; unset numbers take their defaults. */
    public record Input(String name, String address, String urlPath, String method, String dataFormat,
                        Integer timeoutMs, Integer poolSize, String security, Boolean active) {

        OutgoingHttpConfig toConfig(String defaultName) {
            return new OutgoingHttpConfig(name == null ? defaultName : name, address, urlPath, method, dataFormat,
                    timeoutMs == null ? 0 : timeoutMs, poolSize == null ? 0 : poolSize, security,
                    active == null || active).validated();
        }
    }

    /** The outcome of a ping: any answer below 500 means the backend is there. */
    public record PingResult(String name, String url, boolean ok, Integer status, double timeMs, String error) {
    }

    private final OutgoingStore store;
    private final SecurityStore security;
    private final OutgoingConnections connections;
    private final ConfigSync sync;

    public OutgoingHttpResource(OutgoingStore store, SecurityStore security, OutgoingConnections connections,
                                ConfigSync sync) {
        this.store = store;
        this.security = security;
        this.connections = connections;
        this.sync = sync;
    }

    @GET
    public List<OutgoingHttpConfig> list() {
        return store.listHttp();
    }

    @GET
    @Path("{name}")
    public OutgoingHttpConfig get(@PathParam("name") String name) {
        return store.getHttp(name).orElseThrow(() -> notFound(name));
    }

    @POST
    public Response create(Input input) {
        OutgoingHttpConfig config = require(input).toConfig(null);
        requireSecurity(config);
        store.createHttp(config);
        sync.changed();
        return Response.status(201).entity(config).build();
    }

    @PUT
    @Path("{name}")
    public OutgoingHttpConfig update(@PathParam("name") String name, Input input) {
        OutgoingHttpConfig config = require(input).toConfig(name);
        requireSecurity(config);
        if (!store.updateHttp(name, config)) {
            throw notFound(name);
        }
        sync.changed();
        return config;
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!store.deleteHttp(name)) {
            throw notFound(name);
        }
        sync.changed();
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/ping")
    public PingResult ping(@PathParam("name") String name) {
        OutgoingHttpConfig config = store.getHttp(name).orElseThrow(() -> notFound(name));
        long start = System.nanoTime();
        try {
            var ping = connections.ping(name);
            return new PingResult(name, config.url(), true, ping.status(), ping.millis(), null);
        } catch (OutgoingException e) {
            return new PingResult(name, config.url(), false, null, (System.nanoTime() - start) / 1e6, e.getMessage());
        }
    }

    private void requireSecurity(OutgoingHttpConfig config) {
        if (config.security() != null && security.get(config.security()).isEmpty()) {
            throw new IllegalArgumentException("security definition '" + config.security() + "' does not exist;"
                    + " create it first with POST /conduit/admin/security");
        }
    }

    private static Input require(Input input) {
        if (input == null) {
            throw new IllegalArgumentException("a JSON connection is required: {\"name\", \"address\", \"urlPath\", ...}");
        }
        return input;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no outgoing HTTP connection named '" + name + "'");
    }
}
