package io.conduit.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.conduit.testing.Layering;
import org.junit.jupiter.api.Test;

/**
 * The node's packages form a directed acyclic graph (docs/ARCHITECTURE.md draws it), and the hot
 * path (channel dispatch, invocation, outgoing calls) never reaches into the admin API.
 */
class LayeringTest {

    private static final JavaClasses CLASSES = Layering.mainClasses("io.conduit.server");

    @Test
    void packagesFormADirectedAcyclicGraph() {
        Layering.assertAcyclic("io.conduit.server");
    }

    @Test
    void theHotPathDoesNotImportTheAdminApi() {
        noClasses().that().resideInAnyPackage("io.conduit.server.channel..", "io.conduit.server.invoke..",
                        "io.conduit.server.outgoing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.conduit.server.admin..")
                .check(CLASSES);
    }
}
