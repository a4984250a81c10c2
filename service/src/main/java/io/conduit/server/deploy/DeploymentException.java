package io.conduit.server.deploy;

import java.util.List;

/**
 * A file that cannot be deployed: it does not compile, does not load, provides no service, or
 * clashes with another deployment. The previous version keeps serving.
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String deployment;
    private final transient List<CompileDiagnostic> diagnostics;

    public DeploymentException(String deployment, String message) {
        this(deployment, message, List.of());
    }

    public DeploymentException(String deployment, String message, List<CompileDiagnostic> diagnostics) {
        super(message);
        this.deployment = deployment;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** @return the deployment's name */
    public String deployment() {
        return deployment;
    }

    /** @return the compiler's errors, empty when the failure was not a compilation */
    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }

    /** @return the message followed by every diagnostic, one per line, as a log shows it */
    public String report() {
        StringBuilder out = new StringBuilder(getMessage());
        for (CompileDiagnostic d : diagnostics) {
            out.append('\n').append(d);
        }
        return out.toString();
    }
}
