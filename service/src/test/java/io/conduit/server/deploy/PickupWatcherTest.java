package io.conduit.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.MovableClock;
import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pickup directory's rules, one scan at a time on a clock the test moves. */
class PickupWatcherTest {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<String> deployed = new ArrayList<>();
    private DeploymentException refusal;
    private PickupWatcher watcher;

    @BeforeEach
    void prepare() throws Exception {
        for (String sub : List.of("processed", "failed", ".claimed")) {
            Files.createDirectories(dir.resolve(sub));
        }
        watcher = new PickupWatcher(dir, (name, content, by) -> {
            if (refusal != null) {
                throw refusal;
            }
            deployed.add(name + " by " + by + ": " + new String(content));
            return new Deployer.Result(new DeploymentInfo(name, DeploymentInfo.Kind.JAVA, "sha", 1, List.of("s"), by,
                    clock.instant()), 1L);
        }, Duration.milliseconds(100), Duration.milliseconds(500), "server1", clock);
    }

    @Test
    void aFileIsDeployedOnlyOnceItHasStayedStillForTheSettleTimeThenMovedToProcessed() throws Exception {
        drop("Hello.java", "class Hello {}");
        watcher.scan();
        clock.advance(java.time.Duration.ofMillis(400));
        watcher.scan();
        assertThat(deployed).as("not settled yet").isEmpty();

        clock.advance(java.time.Duration.ofMillis(200));
        watcher.scan();

        assertThat(deployed).containsExactly("Hello.java by pickup-dir@server1: class Hello {}");
        assertThat(dir.resolve("Hello.java")).doesNotExist();
        assertThat(dir.resolve("processed/Hello.java")).hasContent("class Hello {}");
    }

    @Test
    void aFileStillBeingWrittenWaitsUntilItStops() throws Exception {
        drop("Hello.java", "class Hel");
        watcher.scan();
        clock.advance(java.time.Duration.ofMillis(600));
        drop("Hello.java", "class Hello {}");
        watcher.scan();

        assertThat(deployed).isEmpty();
        clock.advance(java.time.Duration.ofMillis(600));
        watcher.scan();
        assertThat(deployed).containsExactly("Hello.java by pickup-dir@server1: class Hello {}");
    }

    @Test
    void aFileThatFailsGoesToFailedWithItsReasonBesideIt() throws Exception {
        refusal = new DeploymentException("Broken.java", "Broken.java:1: ';' expected");
        drop("Broken.java", "class Broken {");
        settle();

        assertThat(dir.resolve("failed/Broken.java")).exists();
        assertThat(Files.readString(dir.resolve("failed/Broken.java.error.txt"))).contains("';' expected");
    }

    @Test
    void onlyJavaAndJarFilesAreTaken() throws Exception {
        drop("notes.txt", "hello");
        drop(".hidden.java", "class Hidden {}");
        settle();

        assertThat(deployed).isEmpty();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    private void settle() throws Exception {
        watcher.scan();
        clock.advance(java.time.Duration.ofSeconds(1));
        watcher.scan();
    }

    /** Writes a file whose modification time is the test clock's now, as a writer would leave it. */
    private void drop(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    }
}
