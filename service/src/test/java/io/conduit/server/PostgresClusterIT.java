package io.conduit.server;

import io.conduit.server.testing.TestCluster;
import io.conduit.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Nodes sharing a real PostgreSQL ODB, started by the test on a free port, as across hosts. */
class PostgresClusterIT extends SharedOdbClusterIT {

    private static PostgresServer postgres;
    private static int databases;

    @BeforeAll
    static void startPostgres() {
        postgres = new PostgresServer().start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    TestCluster newCluster() {
        String database = "cluster" + (++databases);
        postgres.createDatabase(database);
        return TestCluster.postgres(postgres.jdbcUrl(database), postgres.user());
    }
}
