package io.conduit.server.deploy;

import java.time.Instant;
import java.util.List;

/**
 * A deployment as the ODB records it, without its bytes: one {@code .java} file or one {@code .jar}
 * and the services it provides.
 *
 * @param name       {@code <package path>/<File>.java}, or the jar's file name
 * @param kind       what was deployed
 * @param sha256     hex SHA-256 of the deployed file
 * @param version    1 for the first deployment, then one more for every change
 * @param services   names of the services it provides
 * @param deployedBy the admin user, or {@code pickup-dir@<node>}
 * @param deployedAt when
 */
public record DeploymentInfo(String name, Kind kind, String sha256, int version, List<String> services,
                             String deployedBy, Instant deployedAt) {

    public DeploymentInfo {
        services = List.copyOf(services);
    }

    /** What a deployment was made from. */
    public enum Kind {
        /** a Java source file, compiled by the node that received it */
        JAVA,
        /** a jar of compiled classes */
        JAR
    }
}
