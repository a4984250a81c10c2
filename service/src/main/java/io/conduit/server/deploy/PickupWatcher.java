package io.conduit.server.deploy;

import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pickup directory and deploys every {@code .java} and {@code .jar} file dropped into
 * it. A file is picked only once its size and modification time have stayed the same for the
 * settle time, so a half-written file is never deployed. Picked files are claimed with an atomic
 * rename (nodes may share a directory), deployed, and moved to {@code processed/} or, with the
 * reason beside them, to {@code failed/}. Nothing is deleted.
 */
public final class PickupWatcher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PickupWatcher.class);

    private final Path dir;
    private final FileDeployer deployer;
    private final Duration pollInterval;
    private final Duration settleTime;
    private final String node;
    private final Clock clock;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Set<String> ignored = new HashSet<>();
    private final BackgroundTask task;

    private record Seen(long size, long modified, long stableSince) {
    }

    public PickupWatcher(Path dir, FileDeployer deployer, Duration pollInterval, Duration settleTime, String node,
                         Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.deployer = deployer;
        this.pollInterval = pollInterval;
        this.settleTime = settleTime;
        this.node = node;
        this.clock = clock;
        this.task = new BackgroundTask("pickup", BackgroundTask.Schedule.every(pollInterval.toJavaDuration()),
                java.time.Duration.ofSeconds(10), clock, this::scanQuietly);
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(dir.resolve("processed"));
        Files.createDirectories(dir.resolve("failed"));
        Files.createDirectories(dir.resolve(".claimed"));
        task.start();
        LOG.info("Pickup - watching {}", dir);
    }

    @Override
    public void stop() {
        task.stop();
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Pickup - cannot scan {}: {}", dir, e.toString());
        }
    }

    /** One pass: picks every file that has settled. */
    void scan() throws IOException {
        long now = clock.millis();
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                if (!name.endsWith(".java") && !name.endsWith(".jar")) {
                    if (ignored.add(name) && !name.endsWith("~") && !name.endsWith(".swp")
                            && !name.endsWith(".tmp") && !name.endsWith(".part")) {
                        LOG.warn("Pickup - {} is left alone: only .java and .jar files are deployed", name);
                    }
                    continue;
                }
                present.add(file);
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                long size = attrs.size();
                long modified = attrs.lastModifiedTime().toMillis();
                Seen before = seen.get(file);
                if (before == null || before.size() != size || before.modified() != modified) {
                    seen.put(file, new Seen(size, modified, now));
                } else if (now - before.stableSince() >= settleTime.toMilliseconds()
                        && now - modified >= settleTime.toMilliseconds()) {
                    seen.remove(file);
                    pick(file, now - modified);
                }
            }
        }
        seen.keySet().retainAll(present);
        ignored.retainAll(present.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** @param waited how long after the file was last written it is picked, for the log */
    private void pick(Path file, long waited) {
        String name = file.getFileName().toString();
        Path claimed = dir.resolve(".claimed").resolve(node + "-" + name);
        try {
            move(file, claimed);
        } catch (NoSuchFileException e) {
            return; // another node sharing this directory took it
        } catch (IOException e) {
            LOG.warn("Pickup - cannot claim {}: {}", name, e.toString());
            return;
        }
        try {
            byte[] content = Files.readAllBytes(claimed);
            Deployer.Result result = deployer.deploy(name, content, "pickup-dir@" + node);
            move(claimed, dir.resolve("processed").resolve(name));
            LOG.info("Pickup - {} deployed as {} version {}, picked {} ms after it was saved; moved to processed/",
                    name, result.deployment().name(), result.deployment().version(), waited);
        } catch (DeploymentException e) {
            fail(claimed, name, e.report());
        } catch (IOException | RuntimeException e) {
            fail(claimed, name, "could not be deployed: " + e);
        }
    }

    private void fail(Path claimed, String name, String reason) {
        try {
            Files.writeString(dir.resolve("failed").resolve(name + ".error.txt"), reason + "\n", StandardCharsets.UTF_8);
            move(claimed, dir.resolve("failed").resolve(name));
            LOG.warn("Pickup - {} moved to failed/; the reason is in failed/{}.error.txt", name, name);
        } catch (IOException e) {
            LOG.error("Pickup - {} failed to deploy ({}) and cannot be moved to failed/: {}", name, reason, e.toString());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
