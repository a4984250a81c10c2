package io.conduit.server.admin;

import io.conduit.api.OutgoingException;
import io.conduit.server.outgoing.BreakerBoard;
import io.conduit.server.outgoing.CircuitBreakerSettings;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.outgoing.OutgoingHttpConfig;
import io.conduit.server.outgoing.OutgoingHttpStore;
import io.conduit.server.outgoing.Retries;
import io.conduit.server.security.SecurityStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Outgoing plain HTTP connections: {@code /conduit/admin/outgoing/http}, with ping. */
@Path("/admin/outgoing/http")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingHttpResource extends ConfigResource<OutgoingHttpConfig, OutgoingHttpResource.Input> {

    /** A connection as an operator sends it; unset numbers take their defaults. */
    public record Input(String name, String address, String urlPath, String method, String dataFormat,
                        Integer timeoutMs, Integer poolSize, String security, String caFile, Retries retries,
                        CircuitBreakerSettings circuitBreaker, Boolean active) {
    }

    /** The outcome of a ping: any answer below 500 means the backend is there. */
    public record PingResult(String name, String url, boolean ok, Integer status, double timeMs, String error) {
    }

    private final OutgoingHttpStore store;
    private final SecurityStore security;
    private final OutgoingConnections connections;

    public OutgoingHttpResource(OutgoingHttpStore store, SecurityStore security, OutgoingConnections connections) {
        super(store, "{\"name\", \"address\", \"urlPath\", ...}");
        this.store = store;
        this.security = security;
        this.connections = connections;
    }

    @Override
    protected OutgoingHttpConfig entry(Input in, String name, OutgoingHttpConfig current) {
        return new OutgoingHttpConfig(in.name() == null ? name : in.name(), in.address(), in.urlPath(), in.method(),
                in.dataFormat(), in.timeoutMs() == null ? 0 : in.timeoutMs(), in.poolSize() == null ? 0 : in.poolSize(),
                in.security(), in.caFile(), in.retries(), in.circuitBreaker(), in.active() == null || in.active())
                .validated();
    }

    @Override
    protected void check(OutgoingHttpConfig config) {
        security.requireExisting(config.security());
    }

    /** Every live node's circuit breaker of the connection; none when it has no breaker. */
    @GET
    @Path("{name}/health")
    public List<BreakerBoard.Row> health(@PathParam("name") String name) {
        return connections.breakers(name);
    }

    @POST
    @Path("{name}/ping")
    public PingResult ping(@PathParam("name") String name) {
        OutgoingHttpConfig config = store.get(name);
        long start = System.nanoTime();
        try {
            var ping = connections.ping(name);
            return new PingResult(name, config.url(), true, ping.status(), ping.millis(), null);
        } catch (OutgoingException e) {
            return new PingResult(name, config.url(), false, null, (System.nanoTime() - start) / 1e6, e.getMessage());
        }
    }
}
