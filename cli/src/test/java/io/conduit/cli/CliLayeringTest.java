package io.conduit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.conduit.testing.Layering;
import org.junit.jupiter.api.Test;

/** The command line stands apart from the server: none of its code, nor the libraries it runs on. */
class CliLayeringTest {

    @Test
    void theCliUsesNothingOfTheServer() {
        noClasses().that().resideInAPackage("io.conduit.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.conduit.server..", "io.conduit.dashboard..",
                        "io.conduit.lb..", "io.dropwizard..", "org.eclipse.jetty..", "org.glassfish.jersey..")
                .check(Layering.mainClasses("io.conduit.cli"));
    }

    @Test
    void neitherTheServerNorItsFrameworkIsOnTheClassPath() {
        for (String server : new String[] {"io.conduit.server.ConduitApplication", "io.dropwizard.core.Application",
            "org.eclipse.jetty.server.Server"}) {
            assertThat(catchThrowable(() -> Class.forName(server))).as(server).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
