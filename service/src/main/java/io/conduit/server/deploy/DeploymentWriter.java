package io.conduit.server.deploy;

import java.util.Optional;

/**
 * Stores what the {@link Deployer} prepared: every deploy and undeploy is a release of the
 * cluster, recorded with the configuration (the releases implement this).
 */
public interface DeploymentWriter {

    /**
     * @param prepared a deployment that compiled and loaded
     * @param source   how it came: {@code api}, {@code dashboard} or {@code pickup}
     * @param from     the client's address, or null
     * @return the deployment as stored, and whether anything changed (not when the same bytes are
     *     deployed already)
     */
    Deployer.Result write(Deployer.Prepared prepared, String source, String from);

    /**
     * @param name the deployment to remove
     * @param by   who removes it
     * @return the deployment removed, if there was one
     */
    Optional<DeploymentInfo> remove(String name, String by);
}
