package io.conduit.server.deploy;

import io.conduit.server.deploy.DeploymentInfo;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The services loaded on this node. Readers see an immutable map that is swapped whole: a
 * redeployment replaces a deployment's services at once, and calls already running keep the old
 * classes until they finish.
 */
public final class ServiceRegistry {

    private record State(Map<String, LoadedService> services, Map<String, DeploymentInfo> deployments) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(Map.of(), Map.of()));

    /**
     * @param name a service's name
     * @return the service, or {@code null} if it is not deployed here
     */
    public LoadedService get(String name) {
        return state.get().services().get(name);
    }

    /** @return every service loaded here */
    public Collection<LoadedService> services() {
        return state.get().services().values();
    }

    /** @return the deployments loaded here, by name */
    public Map<String, DeploymentInfo> deployments() {
        return state.get().deployments();
    }

    /** Loads (or replaces) a deployment's services. */
    public synchronized void put(DeploymentInfo deployment, List<LoadedService> loaded) {
        State old = state.get();
        Map<String, LoadedService> services = withoutDeployment(old, deployment.name());
        for (LoadedService s : loaded) {
            services.put(s.name(), s);
        }
        Map<String, DeploymentInfo> deployments = new HashMap<>(old.deployments());
        deployments.put(deployment.name(), deployment);
        state.set(new State(Map.copyOf(services), Map.copyOf(deployments)));
    }

    /** Unloads a deployment's services. */
    public synchronized void remove(String deployment) {
        State old = state.get();
        Map<String, DeploymentInfo> deployments = new HashMap<>(old.deployments());
        deployments.remove(deployment);
        state.set(new State(Map.copyOf(withoutDeployment(old, deployment)), Map.copyOf(deployments)));
    }

    private static Map<String, LoadedService> withoutDeployment(State state, String deployment) {
        Map<String, LoadedService> services = new HashMap<>(state.services());
        services.values().removeIf(s -> s.deployment().name().equals(deployment));
        return services;
    }
}
