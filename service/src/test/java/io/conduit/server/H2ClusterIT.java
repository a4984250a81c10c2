package io.conduit.server;

import io.conduit.server.testing.TestCluster;

/** Nodes sharing an embedded H2 file (AUTO_SERVER), as on one host. */
class H2ClusterIT extends SharedOdbClusterIT {

    @Override
    TestCluster newCluster() {
        return TestCluster.h2();
    }
}
