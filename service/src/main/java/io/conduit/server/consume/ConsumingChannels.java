package io.conduit.server.consume;

import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.Configured;
import io.conduit.server.config.Kind;
import io.conduit.server.kvdb.NodeRows;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The node's channels of one consuming kind (AMQP queues, Kafka topics), as the ODB configures
 * them: one {@link Consumers} per active channel. A reload only records the wanted channels; one
 * background task brings the running ones in line (stopping a changed, deactivated or deleted
 * channel cleanly before starting its new version), starts again those that could not start (every
 * five seconds), and publishes this node's row of each channel to Redis every two seconds for the
 * admin API and the dashboard.
 *
 * @param <C> the channel's configuration
 * @param <R> one node's row of a channel
 */
public final class ConsumingChannels<C extends Configured, R> implements Reloadable, Managed {

    /** How long a stopping channel waits for the messages in hand. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long PUBLISH_EVERY_MILLIS = 2_000;

    /** One channel's consumers on this node. */
    public interface Consumers<C, R> {

        /** @return the configuration it runs */
        C config();

        /** @return whether it should try to start now: not running, and not tried within the last five seconds */
        boolean due();

        /** Starts consuming; when it cannot, its row says why and it is tried again when {@link #due}. */
        void start();

        /** Stops consuming, waiting up to {@code grace} for the messages in hand; nothing unhandled is acknowledged. */
        void stop(Duration grace);

        /** @return this node's row of the channel */
        R row();
    }

    private final Kind<C> kind;
    private final Predicate<C> active;
    private final Function<C, Consumers<C, R>> make;
    private final NodeRows<R> board;
    private final Clock clock;
    private final AtomicReference<List<C>> wanted = new AtomicReference<>();
    private final Map<String, Consumers<C, R>> running = new LinkedHashMap<>();
    private volatile List<Consumers<C, R>> view = List.of();
    private final BackgroundTask task;
    private long publishedAt;

    /**
     * @param active whether a channel consumes
     * @param make   a channel's consumers, not started
     * @param board  where the nodes' rows are kept
     */
    public ConsumingChannels(Kind<C> kind, Predicate<C> active, Function<C, Consumers<C, R>> make, NodeRows<R> board,
                             Clock clock) {
        this.kind = kind;
        this.active = active;
        this.make = make;
        this.board = board;
        this.clock = clock;
        String name = kind.path().replace('/', '-');
        this.task = new BackgroundTask(name, BackgroundTask.Schedule.every(Duration.ofSeconds(1)),
                STOP_GRACE.plusSeconds(5), clock, this::reconcile);
    }

    @Override
    public void reload(Configuration configuration) {
        wanted.set(configuration.list(kind));
        task.execute(this::reconcile);
    }

    /** @return every live node's row of a channel */
    public List<R> consumers(String channel) {
        return board.read(channel);
    }

    /** @return the channels running on this node now */
    public Collection<Consumers<C, R>> running() {
        return view;
    }

    /** Brings the running consumers in line with the wanted channels; on the task's thread only. */
    private void reconcile() {
        List<C> want = wanted.get();
        if (want == null) {
            return;
        }
        Map<String, C> on = want.stream().filter(active).collect(Collectors.toMap(Configured::name, c -> c));
        for (Iterator<Map.Entry<String, Consumers<C, R>>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Consumers<C, R>> e = it.next();
            if (!e.getValue().config().equals(on.get(e.getKey()))) {
                e.getValue().stop(STOP_GRACE);
                it.remove();
                board.publish(e.getKey(), e.getValue().row());
            }
        }
        on.forEach((name, config) -> running.computeIfAbsent(name, n -> make.apply(config)));
        view = List.copyOf(running.values());
        for (Consumers<C, R> consumers : running.values()) {
            if (consumers.due()) {
                consumers.start();
                board.publish(consumers.config().name(), consumers.row());
            }
        }
        if (clock.millis() - publishedAt >= PUBLISH_EVERY_MILLIS) {
            publishedAt = clock.millis();
            running.forEach((name, consumers) -> board.publish(name, consumers.row()));
        }
    }

    @Override
    public void start() {
        task.start();
    }

    /** Stops every channel cleanly: the messages in hand are finished, the others stay with the broker. */
    @Override
    public void stop() {
        task.stop();
        running.values().forEach(c -> c.stop(STOP_GRACE));
        running.clear();
        view = List.of();
    }
}
