package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/conduit new-project} makes a project whose {@code mvn -B verify} passes offline against the
 * artifacts this build made, installed as {@code mvn install} installs them.
 */
class NewProjectIT {

    @TempDir
    Path temp;

    @Test
    void theTemplateProjectBuildsAndItsTestPassesOffline() {
        installThisBuildsArtifacts();
        Path dir = temp.resolve("billing");

        Cluster.Result made = Cluster.run(List.of(Cluster.HOME.resolve("bin/conduit").toString(), "new-project",
                dir.toString(), "--group", "com.example", "--name", "billing"), Map.of("CONDUIT_NO_BUILD", "1"));
        assertThat(made.exit()).as(made.output()).isZero();

        Cluster.Result built = Cluster.run(List.of("mvn", "-B", "-o", "-f", dir.resolve("pom.xml").toString(), "verify"),
                Map.of());
        assertThat(built.exit()).as(built.output()).isZero();
        assertThat(built.output()).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
        assertThat(dir.resolve("target/billing-0.1.0-SNAPSHOT.jar")).exists();
    }

    /** The parent POM and the jars a project of services depends on, from this build's target directories. */
    private static void installThisBuildsArtifacts() {
        Path home = Cluster.HOME;
        List<List<String>> installs = new ArrayList<>();
        installs.add(List.of("-Dfile=" + home.resolve("pom.xml"), "-DpomFile=" + home.resolve("pom.xml"), "-Dpackaging=pom"));
        for (String module : List.of("common", "service-api", "service", "service-testing")) {
            Path pom = home.resolve(module).resolve("pom.xml");
            Path jar;
            try (var jars = Files.list(home.resolve(module).resolve("target"))) {
                jar = jars.filter(p -> p.getFileName().toString().matches("conduit-[a-z-]+-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar"))
                        .findFirst().orElseThrow(() -> new AssertionError(module + "/target has no jar: build first"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            installs.add(List.of("-Dfile=" + jar, "-DpomFile=" + pom));
        }
        for (List<String> install : installs) {
            List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-N", "-f", home.resolve("pom.xml").toString(),
                    "install:install-file"));
            command.addAll(install);
            Cluster.Result result = Cluster.run(command, Map.of());
            assertThat(result.exit()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        }
    }
}
