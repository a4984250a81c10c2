package io.conduit.server.deploy;

import java.time.Instant;

/**
 * How a deployment fares on one node.
 *
 * @param deployment the deployment's name
 * @param node       the node
 * @param version    the version this node serves (0 if none)
 * @param status     {@code deployed} or {@code failed}
 * @param error      why the last attempt on this node failed (compiler diagnostics), or {@code null}
 * @param updatedAt  when this node last reported
 */
public record DeploymentStatus(String deployment, String node, int version, String status, String error,
                               Instant updatedAt) {

    public static final String DEPLOYED = "deployed";
    public static final String FAILED = "failed";
}
