package io.conduit.server.deploy;

/** Deploys one file to the cluster: what the pickup directory hands on. {@link Deployer} is the real one. */
@FunctionalInterface
public interface FileDeployer {

    /**
     * @param fileName   the file's name, e.g. {@code GetClientDetails.java}
     * @param content    its bytes
     * @param deployedBy who deploys it
     * @return the deployment as stored, and whether it changed
     * @throws DeploymentException if it cannot be deployed; the previous version keeps serving
     */
    Deployer.Result deploy(String fileName, byte[] content, String deployedBy) throws DeploymentException;
}
