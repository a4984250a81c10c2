package io.conduit.server;

import io.conduit.server.cluster.NodeStore;
import io.conduit.server.config.ConfigJson;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;

/**
 * What the node keeps in the ODB: the configuration (every kind), the deployed services, the nodes.
 *
 * @param config      every configured object and every release
 * @param deployments the deployed services
 * @param nodes       the cluster's nodes
 */
record Stores(ConfigStore config, DeploymentStore deployments, NodeStore nodes) {

    Stores(Odb odb, SecretBox secrets, ConfigJson json) {
        this(new ConfigStore(odb, ConfiguredKinds.ALL, json, secrets), new DeploymentStore(odb), new NodeStore(odb));
    }
}
