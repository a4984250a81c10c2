package io.conduit.server;

import io.conduit.server.amqp.AmqpChannelStore;
import io.conduit.server.channel.ChannelStore;
import io.conduit.server.cluster.NodeStore;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.odb.Odb;
import io.conduit.server.outgoing.OutgoingAmqpStore;
import io.conduit.server.outgoing.OutgoingHttpStore;
import io.conduit.server.outgoing.OutgoingSqlStore;
import io.conduit.server.outgoing.OutgoingStores;
import io.conduit.server.outgoing.OutgoingZmqStore;
import io.conduit.server.scheduler.JobStore;
import io.conduit.server.secrets.SecretBox;
import io.conduit.server.security.SecurityStore;

/** What the node keeps in the ODB, one store per kind. */
record Stores(ChannelStore channels, AmqpChannelStore amqpChannels, SecurityStore security, OutgoingStores outgoing,
              DeploymentStore deployments, NodeStore nodes, JobStore jobs) {

    Stores(Odb odb, SecretBox secrets) {
        this(new ChannelStore(odb), new AmqpChannelStore(odb, secrets), new SecurityStore(odb, secrets),
                new OutgoingStores(new OutgoingHttpStore(odb), new OutgoingZmqStore(odb), new OutgoingSqlStore(odb, secrets),
                        new OutgoingAmqpStore(odb, secrets)),
                new DeploymentStore(odb), new NodeStore(odb), new JobStore(odb));
    }

    /**
     * Seals again, with the current key, every secret not sealed with it: after a key rotation, or
     * written before secrets were sealed.
     *
     * @return how many secrets were sealed again
     */
    int resealAll() {
        return security.resealAll() + outgoing.sql().resealAll() + outgoing.amqp().resealAll() + amqpChannels.resealAll();
    }
}
