package io.conduit.server.cluster;

import io.conduit.common.task.BackgroundTask;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.odb.Odb;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's in-memory configuration in step with the ODB. Every change in the ODB bumps the
 * cluster's config version; this node reloads when the version differs from the one it applied.
 * It checks when told to (after a local change, or a broker message from another node) and on a
 * fixed interval, so a node that missed a message catches up.
 *
 * <p>All reloads run on one thread, so parts never see two reloads at once.
 */
public final class ConfigSync implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSync.class);
    private static final long WAIT_SECONDS = 60;

    private final Odb odb;
    private final ConfigStore store;
    private final List<Reloadable> parts;
    private final Duration interval;
    private final LongConsumer onApplied;
    private final Announcer announcer;
    private final BackgroundTask task;
    private long applied = Long.MIN_VALUE;

    /**
     * @param odb      where the configuration lives
     * @param store    reads it whole, at one version
     * @param parts    what reloads on a change, in order
     * @param interval how often to check for a change missed
     * @param onApplied  told of every config version this node applies
     * @param announcer tells the other nodes that this one changed the configuration
     * @param clock     the time
     */
    public ConfigSync(Odb odb, ConfigStore store, List<Reloadable> parts, Duration interval, LongConsumer onApplied,
                      Announcer announcer, Clock clock) {
        this.odb = odb;
        this.store = store;
        this.parts = List.copyOf(parts);
        this.interval = interval;
        this.onApplied = onApplied;
        this.announcer = announcer;
        java.time.Duration every = interval.toJavaDuration();
        this.task = new BackgroundTask("config-sync", BackgroundTask.Schedule.every(every).firstAfter(every),
                java.time.Duration.ofSeconds(5), clock, this::syncQuietly);
    }

    /** Loads the whole configuration before the node serves, then checks on every interval. */
    @Override
    public void start() {
        task.start();
        syncNow();
    }

    @Override
    public void stop() {
        task.stopNow();
    }

    /**
     * Reloads if the config version changed, and waits until it is applied on this node.
     *
     * @return the config version now applied here
     */
    public long syncNow() {
        try {
            return task.submit(this::sync).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("this node is stopping; the configuration is not applied here", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the configuration", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the configuration was not applied within " + WAIT_SECONDS + " s", e);
        }
    }

    /**
     * After a change made through this node: applies it here, then tells the other nodes and waits
     * (a bounded time) until they have applied it too.
     */
    public void changed() {
        announcer.announce(syncNow());
    }

    /** Tells the cluster about a config version this node has applied. */
    @FunctionalInterface
    public interface Announcer {
        /** @param version the config version applied here */
        void announce(long version);
    }

    /** Asks for a check without waiting for it (a broker message says something changed). */
    public void requestSync() {
        task.execute(this::syncQuietly);
    }

    /** @return the config version this node has applied */
    public synchronized long appliedVersion() {
        return applied;
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("Config sync - cannot read the ODB ({}); keeping the current configuration and retrying in {}",
                    e.getMessage(), interval);
        }
    }

    private long sync() {
        long version = odb.configVersion();
        synchronized (this) {
            if (version == applied) {
                return version;
            }
        }
        ConfigStore.Snapshot snapshot = store.snapshot();
        version = snapshot.version();
        for (Reloadable part : parts) {
            part.reload(snapshot.configuration());
        }
        synchronized (this) {
            applied = version;
        }
        try {
            onApplied.accept(version);
        } catch (RuntimeException e) {
            LOG.warn("Config sync - applied config version {} but cannot record it: {}", version, e.getMessage());
        }
        LOG.debug("Config sync - applied config version {}", version);
        return version;
    }
}
