package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code new-project}: the files it makes, and what it refuses. (NewProjectIT builds the project with Maven.) */
class NewProjectCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    @Test
    void makesAProjectWithAServiceItsTestAndAConfigDirectory() throws Exception {
        Path dir = temp.resolve("billing-services");

        int code = run("new-project", dir.toString(), "--group", "com.example", "--name", "billing-services");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(dir.resolve("pom.xml")))
                .contains("<groupId>com.example</groupId>", "<artifactId>billing-services</artifactId>",
                        "<artifactId>conduit-service-testing</artifactId>", "<version>" + NewProjectCommand.conduitVersion())
                .doesNotContain("@");
        assertThat(Files.readString(dir.resolve("src/main/java/billingservices/Hello.java")))
                .startsWith("package billingservices;").contains("billingservices.hello");
        assertThat(Files.readString(dir.resolve("src/test/java/billingservices/HelloTest.java")))
                .contains("harness.call(\"billingservices.hello\"");
        assertThat(Files.readString(dir.resolve("config/channels-http.yaml")))
                .contains("urlPath: /billingservices/hello", "service: billingservices.hello");
        Path link = dir.resolve("config/services/billingservices/Hello.java");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(link)).isEqualTo(Files.readString(dir.resolve("src/main/java/billingservices/Hello.java")));
        assertThat(ConfigDir.read(dir.resolve("config"), null, name -> null).services())
                .as("a config directory bin/conduit apply reads").containsOnlyKeys("billingservices/Hello.java");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mvn -B verify");
        assertThat(NewProjectCommand.conduitVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void refusesANonEmptyDirectoryAndBadNames() throws Exception {
        Files.writeString(temp.resolve("something"), "x");

        assertThat(run("new-project", temp.toString(), "--group", "com.example", "--name", "billing")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists and is not an empty directory");
        err.reset();
        assertThat(run("new-project", temp.resolve("a").toString(), "--group", "Com.Example", "--name", "billing"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--group 'Com.Example' is not a Maven groupId");
        err.reset();
        assertThat(run("new-project", temp.resolve("b").toString(), "--group", "com.example", "--name", "Billing!"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--name 'Billing!' must be");
        assertThat(temp.resolve("a")).doesNotExist();
    }

    private int run(String... args) {
        return ConduitCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
