package io.conduit.dashboard;

import io.conduit.testing.Layering;
import org.junit.jupiter.api.Test;

/** The module's packages form a directed acyclic graph. */
class LayeringTest {

    @Test
    void packagesFormADirectedAcyclicGraph() {
        Layering.assertAcyclic("io.conduit.dashboard");
    }
}
