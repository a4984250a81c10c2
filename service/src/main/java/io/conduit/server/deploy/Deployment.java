package io.conduit.server.deploy;

/**
 * A deployment with its bytes.
 *
 * @param info     what the ODB records about it
 * @param content  the file as deployed: Java source or the jar
 * @param artifact the classes to load, as a jar (for a jar, the jar itself)
 */
public record Deployment(DeploymentInfo info, byte[] content, byte[] artifact) {
}
