package io.conduit.server.admin;

import io.conduit.server.cluster.ClusterNode;
import io.conduit.server.cluster.NodeStore;
import io.dropwizard.util.Duration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code GET /conduit/admin/cluster/nodes}: the nodes that registered, and whether they are alive. */
@Path("/admin/cluster/nodes")
@Produces(MediaType.APPLICATION_JSON)
public final class ClusterResource {

    /** A node as the admin API shows it. */
    public record NodeView(String name, String host, int port, String version, long pid, Instant startedAt,
                           Instant heartbeatAt, boolean alive, long configVersion) {
    }

    private final NodeStore nodes;
    private final Duration heartbeatInterval;
    private final Clock clock;

    public ClusterResource(NodeStore nodes, Duration heartbeatInterval, Clock clock) {
        this.nodes = nodes;
        this.heartbeatInterval = heartbeatInterval;
        this.clock = clock;
    }

    @GET
    public List<NodeView> list() {
        Instant deadline = clock.instant().minus(heartbeatInterval.toJavaDuration().multipliedBy(3));
        return nodes.list().stream().map(n -> view(n, deadline)).toList();
    }

    private static NodeView view(ClusterNode n, Instant deadline) {
        return new NodeView(n.name(), n.host(), n.port(), n.version(), n.pid(), n.startedAt(), n.heartbeatAt(),
                n.heartbeatAt().isAfter(deadline), n.configVersion());
    }
}
