package io.conduit.server.deploy;

import io.conduit.server.deploy.Deployment;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.DeploymentStatus;
import io.conduit.server.odb.Odb;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Deployed services and their per-node status in the ODB. */
public final class DeploymentStore {

    private static final String INFO_COLUMNS = "name, kind, sha256, version, services, deployed_by, deployed_at";
    private static final int MAX_ERROR = 60_000;

    private static final RowMapper<DeploymentInfo> INFO = (rs, ctx) -> new DeploymentInfo(
            rs.getString("name"), DeploymentInfo.Kind.valueOf(rs.getString("kind")), rs.getString("sha256"),
            rs.getInt("version"), split(rs.getString("services")), rs.getString("deployed_by"),
            Instant.ofEpochMilli(rs.getLong("deployed_at")));

    private static final RowMapper<DeploymentStatus> STATUS = (rs, ctx) -> new DeploymentStatus(
            rs.getString("deployment"), rs.getString("node"), rs.getInt("version"), rs.getString("status"),
            rs.getString("error"), Instant.ofEpochMilli(rs.getLong("updated_at")));

    private final Odb odb;

    public DeploymentStore(Odb odb) {
        this.odb = odb;
    }

    public List<DeploymentInfo> list() {
        return odb.read(h -> h.createQuery("SELECT " + INFO_COLUMNS + " FROM deployment ORDER BY name")
                .map(INFO).list());
    }

    public Optional<Deployment> get(String name) {
        return odb.read(h -> h.createQuery("SELECT * FROM deployment WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Deployment(INFO.map(rs, ctx), rs.getBytes("content"), rs.getBytes("artifact")))
                .findOne());
    }

    /**
     * What {@link #save} stored.
     *
     * @param info    the deployment as stored now
     * @param changed false if the same bytes were deployed already (nothing was written)
     */
    public record Saved(DeploymentInfo info, boolean changed) {
    }

    /**
     * Stores a new version of a deployment, unless the same bytes are deployed already.
     *
     * @return the stored deployment's info, and whether anything changed
     */
    public Saved save(DeploymentInfo info, byte[] content, byte[] artifact) {
        Optional<DeploymentInfo> current = odb.read(h -> findInfo(h, info.name()));
        if (current.isPresent() && current.get().sha256().equals(info.sha256())) {
            return new Saved(current.get(), false);
        }
        return odb.change(h -> {
            Optional<DeploymentInfo> existing = findInfo(h, info.name());
            int version = existing.map(d -> d.version() + 1).orElse(1);
            h.createUpdate("DELETE FROM deployment WHERE name = :name").bind("name", info.name()).execute();
            h.createUpdate("INSERT INTO deployment (name, kind, content, artifact, sha256, version, services,"
                            + " deployed_by, deployed_at) VALUES (:name, :kind, :content, :artifact, :sha256, :version,"
                            + " :services, :by, :at)")
                    .bind("name", info.name()).bind("kind", info.kind().name())
                    .bind("content", content).bind("artifact", artifact).bind("sha256", info.sha256())
                    .bind("version", version).bind("services", String.join(",", info.services()))
                    .bind("by", info.deployedBy()).bind("at", info.deployedAt().toEpochMilli())
                    .execute();
            return new Saved(new DeploymentInfo(info.name(), info.kind(), info.sha256(), version, info.services(),
                    info.deployedBy(), info.deployedAt()), true);
        });
    }

    /** @return false if there is no such deployment */
    public boolean delete(String name) {
        return odb.change(h -> {
            h.createUpdate("DELETE FROM deployment_status WHERE deployment = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM deployment WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    /** Records how a deployment fares on a node (not a config change: no version bump). */
    public void recordStatus(DeploymentStatus status) {
        String error = status.error() == null || status.error().length() <= MAX_ERROR
                ? status.error() : status.error().substring(0, MAX_ERROR) + "\n[truncated]";
        odb.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE deployment_status SET version = :version, status = :status,"
                            + " error = :error, updated_at = :at WHERE deployment = :deployment AND node = :node")
                    .bindMethods(status).bind("error", error).bind("at", status.updatedAt().toEpochMilli()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO deployment_status (deployment, node, version, status, error, updated_at)"
                                + " VALUES (:deployment, :node, :version, :status, :error, :at)")
                        .bindMethods(status).bind("error", error).bind("at", status.updatedAt().toEpochMilli())
                        .execute();
            }
        });
    }

    public List<DeploymentStatus> statuses() {
        return odb.read(h -> h.createQuery("SELECT * FROM deployment_status ORDER BY deployment, node")
                .map(STATUS).list());
    }

    private static Optional<DeploymentInfo> findInfo(Handle h, String name) {
        return h.createQuery("SELECT " + INFO_COLUMNS + " FROM deployment WHERE name = :name")
                .bind("name", name).map(INFO).findOne();
    }

    private static List<String> split(String services) {
        return services.isEmpty() ? List.of() : Arrays.asList(services.split(","));
    }
}
