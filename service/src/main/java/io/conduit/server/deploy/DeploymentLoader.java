package io.conduit.server.deploy;

import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.deploy.ServiceRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node serve exactly the deployments in the ODB: loads new and changed ones, unloads
 * those undeployed, and reports how each went on this node.
 */
public final class DeploymentLoader implements Reloadable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentLoader.class);

    private final DeploymentStore store;
    private final ServiceRegistry registry;
    private final String node;
    private final Clock clock;
    private final Map<String, String> failedShas = new HashMap<>();

    public DeploymentLoader(DeploymentStore store, ServiceRegistry registry, String node, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void reload(Configuration configuration) {
        List<DeploymentInfo> wanted = store.list();
        Map<String, DeploymentInfo> loaded = registry.deployments();
        for (DeploymentInfo info : wanted) {
            DeploymentInfo current = loaded.get(info.name());
            boolean upToDate = current != null && current.version() == info.version()
                    && current.sha256().equals(info.sha256());
            if (!upToDate && !info.sha256().equals(failedShas.get(info.name()))) {
                load(info, current);
            }
        }
        Set<String> names = wanted.stream().map(DeploymentInfo::name).collect(Collectors.toSet());
        for (String name : loaded.keySet()) {
            if (!names.contains(name)) {
                registry.remove(name);
                LOG.info("{} - undeployed from {}", name, node);
            }
        }
        failedShas.keySet().retainAll(names);
    }

    private void load(DeploymentInfo info, DeploymentInfo current) {
        Optional<Deployment> deployment = store.get(info.name());
        if (deployment.isEmpty()) {
            return;
        }
        DeploymentInfo stored = deployment.get().info();
        try {
            List<LoadedService> services = Artifacts.load(stored, deployment.get().artifact());
            registry.put(stored, services);
            failedShas.remove(stored.name());
            store.recordStatus(new DeploymentStatus(stored.name(), node, stored.version(), DeploymentStatus.DEPLOYED,
                    null, clock.instant()));
            LOG.info("{} - version {} serving on {}: {}", stored.name(), stored.version(), node,
                    services.stream().map(LoadedService::name).toList());
        } catch (DeploymentException e) {
            failedShas.put(stored.name(), stored.sha256());
            int serving = current == null ? 0 : current.version();
            store.recordStatus(new DeploymentStatus(stored.name(), node, serving, DeploymentStatus.FAILED,
                    e.report(), clock.instant()));
            LOG.error("{} - version {} does not load on {}; {}: {}", stored.name(), stored.version(), node,
                    serving == 0 ? "nothing of it serves" : "version " + serving + " keeps serving", e.report());
        }
    }
}
