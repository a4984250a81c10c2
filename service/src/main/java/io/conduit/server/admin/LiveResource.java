package io.conduit.server.admin;

import io.conduit.server.cluster.NodeState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /conduit/live}: no credentials; liveness, for Kubernetes: 200 while the node's process
 * serves HTTP at all, whatever Redis, the ODB or its warm-up say. Readiness is {@code /conduit/ping}
 * (503 while warming up or draining): a node that is not ready is taken out of traffic, never restarted.
 */
@Path("/live")
@Produces(MediaType.APPLICATION_JSON)
public final class LiveResource {

    private final NodeState node;

    public LiveResource(NodeState node) {
        this.node = node;
    }

    @GET
    public Map<String, String> live() {
        return Map.of("node", node.name(), "status", "alive");
    }
}
