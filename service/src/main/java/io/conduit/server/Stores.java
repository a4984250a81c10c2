package io.conduit.server;

import io.conduit.server.channel.ChannelStore;
import io.conduit.server.cluster.NodeStore;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.odb.Odb;
import io.conduit.server.outgoing.OutgoingHttpStore;
import io.conduit.server.outgoing.OutgoingZmqStore;
import io.conduit.server.scheduler.JobStore;
import io.conduit.server.secrets.SecretBox;
import io.conduit.server.security.SecurityStore;

/** What the node keeps in the ODB, one store per kind. */
record Stores(ChannelStore channels, SecurityStore security, OutgoingHttpStore outgoingHttp,
              OutgoingZmqStore outgoingZmq, DeploymentStore deployments, NodeStore nodes, JobStore jobs) {

    Stores(Odb odb, SecretBox secrets) {
        this(new ChannelStore(odb), new SecurityStore(odb, secrets), new OutgoingHttpStore(odb), new OutgoingZmqStore(odb),
                new DeploymentStore(odb), new NodeStore(odb), new JobStore(odb));
    }
}
