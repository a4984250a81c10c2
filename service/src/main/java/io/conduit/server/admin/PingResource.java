package io.conduit.server.admin;

import io.conduit.server.cluster.NodeState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code GET /conduit/ping}: no credentials; the load balancer's health check. */
@Path("/ping")
@Produces(MediaType.APPLICATION_JSON)
public final class PingResource {

    private final NodeState node;

    public PingResource(NodeState node) {
        this.node = node;
    }

    @GET
    public Response ping() {
        node.checked();
        if (!node.isHealthy()) {
            String status = node.phase() == NodeState.Phase.WARMING ? "warming up" : "draining";
            return Response.status(503).entity(Map.of("node", node.name(), "status", status)).build();
        }
        return Response.ok(Map.of("node", node.name(), "status", "ok")).build();
    }
}
