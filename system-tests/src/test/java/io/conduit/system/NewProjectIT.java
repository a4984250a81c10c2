package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/conduit new-project} makes a project whose {@code mvn -B verify} passes offline against the
 * artifacts this build made, put in the local repository as {@code mvn install} puts them.
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

    /**
     * The parent POM and the jars a project of services depends on, from this build's target directories,
     * put where {@code mvn install} puts them (the local repository's layout).
     */
    private static void installThisBuildsArtifacts() {
        Path home = Cluster.HOME;
        String version = version(home);
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "conduit");
        try {
            copy(home.resolve("pom.xml"), repository.resolve("conduit-parent").resolve(version),
                    "conduit-parent-" + version + ".pom");
            for (String module : List.of("common", "service-api", "service", "service-testing")) {
                String artifact = "conduit-" + module;
                Path jar = home.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new AssertionError(jar + " is missing: build Conduit first (mvn -B package)");
                }
                Path dir = repository.resolve(artifact).resolve(version);
                copy(home.resolve(module).resolve("pom.xml"), dir, artifact + "-" + version + ".pom");
                copy(jar, dir, artifact + "-" + version + ".jar");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path dir, String name) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.copy(from, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return Conduit's version, as the parent POM gives it */
    private static String version(Path home) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "<artifactId>conduit-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(Files.readString(home.resolve("pom.xml")));
            if (!m.find()) {
                throw new AssertionError("pom.xml names no version of conduit-parent");
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
