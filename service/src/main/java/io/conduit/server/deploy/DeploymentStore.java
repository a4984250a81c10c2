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

/**
 * Deployed services and their per-node status in the ODB, with every version ever deployed (a
 * rollback brings one back). Writes run inside a release's transaction (see {@link DeploymentWriter}).
 */
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
        return odb.read(DeploymentStore::list);
    }

    public Optional<Deployment> get(String name) {
        return odb.read(h -> h.createQuery("SELECT * FROM deployment WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Deployment(INFO.map(rs, ctx), rs.getBytes("content"), rs.getBytes("artifact")))
                .findOne());
    }

    /**
     * @return a version a deployment had, with its bytes, if it is kept
     */
    public Optional<Deployment> version(String name, int version) {
        return odb.read(h -> h.createQuery("SELECT * FROM deployment_version WHERE name = :name AND version = :version")
                .bind("name", name).bind("version", version)
                .map((rs, ctx) -> new Deployment(INFO.map(rs, ctx), rs.getBytes("content"), rs.getBytes("artifact")))
                .findOne());
    }

    /**
     * Stores a new version of a deployment, in the caller's transaction, and keeps it in the history.
     *
     * @param info     the deployment (its version is ignored: the next one is taken)
     * @return the deployment as stored, with its version
     */
    public static DeploymentInfo save(Handle h, DeploymentInfo info, byte[] content, byte[] artifact) {
        Optional<DeploymentInfo> existing = findInfo(h, info.name());
        int newest = h.createQuery("SELECT MAX(version) FROM deployment_version WHERE name = :name")
                .bind("name", info.name()).mapTo(Integer.class).findOne().orElse(0);
        int version = Math.max(existing.map(DeploymentInfo::version).orElse(0), newest) + 1;
        h.createUpdate("DELETE FROM deployment WHERE name = :name").bind("name", info.name()).execute();
        for (String table : new String[] {"deployment", "deployment_version"}) {
            h.createUpdate("INSERT INTO " + table + " (name, kind, content, artifact, sha256, version, services,"
                            + " deployed_by, deployed_at) VALUES (:name, :kind, :content, :artifact, :sha256, :version,"
                            + " :services, :by, :at)")
                    .bind("name", info.name()).bind("kind", info.kind().name())
                    .bind("content", content).bind("artifact", artifact).bind("sha256", info.sha256())
                    .bind("version", version).bind("services", String.join(",", info.services()))
                    .bind("by", info.deployedBy()).bind("at", info.deployedAt().toEpochMilli())
                    .execute();
        }
        return new DeploymentInfo(info.name(), info.kind(), info.sha256(), version, info.services(),
                info.deployedBy(), info.deployedAt());
    }

    /** Removes a deployment, in the caller's transaction (its versions stay in the history). @return false if none */
    public static boolean delete(Handle h, String name) {
        h.createUpdate("DELETE FROM deployment_status WHERE deployment = :name").bind("name", name).execute();
        return h.createUpdate("DELETE FROM deployment WHERE name = :name").bind("name", name).execute() > 0;
    }

    /** @return every deployment now, read in the caller's transaction */
    public static List<DeploymentInfo> list(Handle h) {
        return h.createQuery("SELECT " + INFO_COLUMNS + " FROM deployment ORDER BY name").map(INFO).list();
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
