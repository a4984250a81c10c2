package io.conduit.server.admin;

import io.conduit.api.OutgoingException;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.outgoing.OutgoingSqlConfig;
import io.conduit.server.outgoing.OutgoingSqlStore;
import io.conduit.server.outgoing.SqlPing;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Outgoing SQL connections: {@code /conduit/admin/outgoing/sql}, with ping. The password is
 * write-only: no response contains it, and an update without one keeps the current one.
 */
@Path("/admin/outgoing/sql")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingSqlResource extends ConfigResource<OutgoingSqlConfig, OutgoingSqlResource.Input> {

    /** A connection as an operator sends it; unset numbers take their defaults. */
    public record Input(String name, String url, String user, String password, Integer poolSize, Integer timeoutMs,
                        Boolean active) {

        @Override
        public String toString() {
            return "Input[name=" + name + ", url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize
                    + ", timeoutMs=" + timeoutMs + ", active=" + active + "]";
        }
    }

    /** The outcome of a ping: a connection from this node's pool, checked by the driver. */
    public record PingResult(String name, String url, boolean ok, double timeMs, String database, String error) {
    }

    private final OutgoingSqlStore store;
    private final OutgoingConnections connections;

    public OutgoingSqlResource(OutgoingSqlStore store, OutgoingConnections connections) {
        super(store, "{\"name\", \"url\": \"jdbc:postgresql://host:5432/db\", \"user\", \"password\"}");
        this.store = store;
        this.connections = connections;
    }

    @Override
    protected OutgoingSqlConfig entry(Input in, String name, OutgoingSqlConfig current) {
        String password = in.password() == null && current != null ? current.password() : in.password();
        return new OutgoingSqlConfig(in.name() == null ? name : in.name(), in.url(), in.user(), password,
                in.poolSize() == null ? 0 : in.poolSize(), in.timeoutMs() == null ? 0 : in.timeoutMs(),
                in.active() == null || in.active()).validated();
    }

    @Override
    protected Object view(OutgoingSqlConfig entry) {
        return entry.view();
    }

    @POST
    @Path("{name}/ping")
    public PingResult ping(@PathParam("name") String name) {
        OutgoingSqlConfig config = store.get(name);
        long start = System.nanoTime();
        try {
            SqlPing ping = connections.pingSql(name);
            return new PingResult(name, config.url(), true, ping.millis(), ping.database(), null);
        } catch (OutgoingException e) {
            return new PingResult(name, config.url(), false, (System.nanoTime() - start) / 1e6, null, e.getMessage());
        }
    }
}
