package io.conduit.server.admin;

import io.conduit.server.cluster.ClusterNode;
import io.conduit.server.cluster.NodeStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /conduit/admin/prometheus/targets}: Prometheus HTTP service discovery, one target group
 * per node with its {@code node} label and the metrics path. A node that stopped cleanly leaves the
 * list; one that died stays for an hour, so Prometheus sees it down ({@code up == 0}) and alerts.
 */
@Path("/admin/prometheus/targets")
@Produces(MediaType.APPLICATION_JSON)
public final class PrometheusTargetsResource {

    /** How long a node that stopped beating (killed, host gone) stays a target. */
    static final Duration KEPT_AFTER_SILENCE = Duration.ofHours(1);

    /** One target group of Prometheus' HTTP service discovery. */
    public record TargetGroup(List<String> targets, Map<String, String> labels) {
    }

    private final NodeStore nodes;
    private final Clock clock;

    public PrometheusTargetsResource(NodeStore nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    @GET
    public List<TargetGroup> targets() {
        Instant oldest = clock.instant().minus(KEPT_AFTER_SILENCE);
        return nodes.list().stream()
                .filter(n -> n.heartbeatAt().isAfter(oldest))
                .map(PrometheusTargetsResource::group)
                .toList();
    }

    private static TargetGroup group(ClusterNode node) {
        String host = node.host().contains(":") ? "[" + node.host() + "]" : node.host();
        return new TargetGroup(List.of(host + ":" + node.port()),
                Map.of("node", node.name(), "__metrics_path__", "/conduit/metrics"));
    }
}
