package io.conduit.server.cluster;

import io.conduit.server.cluster.ClusterNode;
import io.conduit.server.odb.Odb;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** The cluster's nodes and their heartbeats. */
public final class NodeStore {

    private static final RowMapper<ClusterNode> MAPPER = (rs, ctx) -> new ClusterNode(
            rs.getString("name"), rs.getString("host"), rs.getInt("port"), rs.getString("version"),
            rs.getLong("pid"), Instant.ofEpochMilli(rs.getLong("started_at")),
            Instant.ofEpochMilli(rs.getLong("heartbeat_at")), rs.getLong("config_version"));

    private final Odb odb;

    public NodeStore(Odb odb) {
        this.odb = odb;
    }

    /** Inserts or refreshes a node's row. */
    public void heartbeat(ClusterNode node) {
        odb.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE cluster_node SET host = :host, port = :port, version = :version,"
                            + " pid = :pid, started_at = :started, heartbeat_at = :beat,"
                            + " config_version = :configVersion WHERE name = :name")
                    .bindMethods(node).bind("started", node.startedAt().toEpochMilli())
                    .bind("beat", node.heartbeatAt().toEpochMilli()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO cluster_node (name, host, port, version, pid, started_at, heartbeat_at,"
                                + " config_version) VALUES (:name, :host, :port, :version, :pid, :started, :beat,"
                                + " :configVersion)")
                        .bindMethods(node).bind("started", node.startedAt().toEpochMilli())
                        .bind("beat", node.heartbeatAt().toEpochMilli()).execute();
            }
        });
    }

    /** Marks a node as stopped: its heartbeat goes back to the epoch. */
    public void markStopped(String node) {
        odb.use(h -> h.createUpdate("UPDATE cluster_node SET heartbeat_at = 0 WHERE name = :name")
                .bind("name", node).execute());
    }

    /** Records that a node applied a config version (if it has registered already). */
    public void recordApplied(String node, long configVersion) {
        odb.use(h -> h.createUpdate("UPDATE cluster_node SET config_version = :v WHERE name = :name"
                        + " AND config_version < :v")
                .bind("v", configVersion).bind("name", node).execute());
    }

    public List<ClusterNode> list() {
        return odb.read(h -> h.createQuery("SELECT * FROM cluster_node ORDER BY name").map(MAPPER).list());
    }
}
