package io.conduit.server.outgoing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connections of one kind (HTTP pools, ZeroMQ sockets, SQL pools, AMQP publishers...),
 * by name: lookup, replace with drain, remove, and events. A reload builds a new one for each
 * connection whose spec changed and swaps the whole map at once; a replaced or removed one is
 * {@linkplain Live#retire retired} (calls that start later go to its successor) and closed once
 * it is drained or its time is up. One class serves every kind, so a new kind of connection costs
 * its {@link Live} and one registry, not another copy of this logic.
 *
 * @param <S> what a live connection is built from: its configuration, and what else it depends on
 * @param <L> the live connection
 */
public final class LiveRegistry<S, L extends LiveRegistry.Live<S, L>> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRegistry.class);

    /**
     * A connection that a reload may replace.
     *
     * @param <S> what it is built from
     * @param <L> its own type
     */
    public interface Live<S, L> extends AutoCloseable {
        /** @return what it was built from; a reload with an equal spec keeps it */
        S spec();

        /**
         * Steps aside: calls that start from now on go to {@code current}'s connection of the same name.
         *
         * @param current finds the connection of a name now (throwing when there is none)
         * @return the longest the calls still running on it may take
         */
        Duration retire(Function<String, L> current);

        /** @return whether it is retired and nothing runs on it any more: it can be closed */
        boolean drained();
    }

    /** Told of each connection a reload adds, replaces or removes. */
    @FunctionalInterface
    public interface Listener<L> {
        /**
         * @param name   the connection's name
         * @param before the connection before, or null when added
         * @param after  the connection now, or null when removed
         */
        void changed(String name, L before, L after);
    }

    /** The retired connections of every registry, closed when drained or out of time. */
    public static final class Draining {

        private record Retiring(AutoCloseable resource, BooleanSupplier drained, long deadlineNanos) {
        }

        private final Set<Retiring> retiring = ConcurrentHashMap.newKeySet();

        void add(AutoCloseable resource, BooleanSupplier drained, Duration atMost) {
            retiring.add(new Retiring(resource, drained, System.nanoTime() + atMost.toNanos()));
        }

        /** Closes those drained or out of time; run every so often. */
        public void sweep() {
            long now = System.nanoTime();
            for (Retiring r : retiring) {
                if ((r.drained().getAsBoolean() || now - r.deadlineNanos() >= 0) && retiring.remove(r)) {
                    closeQuietly(r.resource());
                }
            }
        }

        /** Closes every retired connection at once. */
        public void closeAll() {
            retiring.forEach(r -> closeQuietly(r.resource()));
            retiring.clear();
        }
    }

    private final String what;
    private final Function<S, String> nameOf;
    private final Function<S, L> build;
    private final Function<String, RuntimeException> unknown;
    private final Draining draining;
    private final AtomicReference<Map<String, L>> live = new AtomicReference<>(Map.of());
    private final List<Listener<L>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param what     what a connection is, in the log: {@code outgoing SQL connection}
     * @param nameOf   a spec's connection name
     * @param build    makes a connection of a spec
     * @param unknown  the failure for a name with no connection
     * @param draining where retired connections wait to be closed
     */
    public LiveRegistry(String what, Function<S, String> nameOf, Function<S, L> build,
                        Function<String, RuntimeException> unknown, Draining draining) {
        this.what = what;
        this.nameOf = nameOf;
        this.build = build;
        this.unknown = unknown;
        this.draining = draining;
    }

    /** Adds a listener of the changes every later reload makes. */
    public void onChange(Listener<L> listener) {
        listeners.add(listener);
    }

    /** @return the connection of that name, if any */
    public Optional<L> find(String name) {
        return Optional.ofNullable(live.get().get(name));
    }

    /**
     * @return the connection of that name
     * @throws RuntimeException (the registry's own) when there is none
     */
    public L get(String name) {
        L found = live.get().get(name);
        if (found == null) {
            throw unknown.apply(name);
        }
        return found;
    }

    /** @return whether {@code connection} is the one of its name now */
    public boolean isCurrent(String name, L connection) {
        return live.get().get(name) == connection;
    }

    /** @return every connection now */
    public Collection<L> all() {
        return live.get().values();
    }

    /**
     * Makes the registry hold exactly one connection per spec: keeps those whose spec is unchanged,
     * builds the others, swaps them all in at once, then retires the replaced and removed ones.
     */
    public synchronized void reload(List<S> specs) {
        Map<String, L> old = live.get();
        Map<String, L> next = new HashMap<>();
        for (S spec : specs) {
            String name = nameOf.apply(spec);
            L current = old.get(name);
            next.put(name, current != null && current.spec().equals(spec) ? current : build.apply(spec));
        }
        live.set(Map.copyOf(next));
        old.forEach((name, was) -> {
            L now = next.get(name);
            if (now != was) {
                draining.add(was, was::drained, was.retire(this::get));
            }
        });
        next.forEach((name, now) -> {
            L was = old.get(name);
            if (was != now) {
                LOG.info("{} - {} {}", name, what, was == null ? "ready" : "updated");
                listeners.forEach(l -> l.changed(name, was, now));
            }
        });
        old.forEach((name, was) -> {
            if (!next.containsKey(name)) {
                LOG.info("{} - {} removed", name, what);
                listeners.forEach(l -> l.changed(name, was, null));
            }
        });
    }

    /** Closes every connection at once (the node is stopping). */
    public void closeAll() {
        live.getAndSet(Map.of()).values().forEach(LiveRegistry::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Outgoing - closing {} failed: {}", resource, e.toString());
        }
    }
}
