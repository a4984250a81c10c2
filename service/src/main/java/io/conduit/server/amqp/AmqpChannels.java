package io.conduit.server.amqp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.NodeRows;
import io.conduit.server.tracing.Tracing;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The node's AMQP channels, as the ODB configures them: one {@link QueueConsumers} per active
 * channel. A reload only records the wanted channels; one background task brings the running ones
 * in line (stopping a changed, deactivated or deleted channel cleanly before starting its new
 * version), connects those whose broker could not be reached (every five seconds), and publishes
 * this node's row of each channel to Redis every two seconds for the admin API and the dashboard.
 */
public final class AmqpChannels implements Reloadable, Managed {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long PUBLISH_EVERY_MILLIS = 2_000;

    /**
     * One node's consumers of one channel.
     *
     * @param node          the node
     * @param state         {@code consuming}, {@code recovering} (the broker is away), {@code not connected}, or
     *                      {@code cancelled by the broker}
     * @param consumers     consumers running on the node
     * @param handled       messages the service handled (acknowledged)
     * @param failed        attempts that failed
     * @param requeued      failed messages queued again for another attempt
     * @param deadLettered  messages rejected to the dead-letter exchange after their last attempt
     * @param error         why the node cannot consume, or null
     * @param last          the latest message handled: its cid and correlation id
     * @param lastFailure   the latest failed attempt: its cid, correlation id and error
     * @param at            when the node wrote the row, milliseconds since the epoch
     */
    public record Row(String node, String state, int consumers, long handled, long failed, long requeued,
                      long deadLettered, String error, QueueConsumers.Seen last, QueueConsumers.Seen lastFailure,
                      long at) {
    }

    private final Invoker invoker;
    private final Tracing tracing;
    private final ObjectMapper mapper;
    private final String node;
    private final Clock clock;
    private final NodeRows<Row> board;
    private final AtomicReference<List<AmqpChannelConfig>> wanted = new AtomicReference<>();
    private final Map<String, QueueConsumers> running = new HashMap<>();
    private final BackgroundTask task;
    private long publishedAt;

    public AmqpChannels(Invoker invoker, Tracing tracing, Redis redis, ObjectMapper mapper, String node, Clock clock) {
        this.invoker = invoker;
        this.tracing = tracing;
        this.mapper = mapper;
        this.node = node;
        this.clock = clock;
        this.board = new NodeRows<>(redis, "conduit:channels:amqp:consumers:", Row.class, Row::at, Row::node, node,
                mapper, clock);
        this.task = new BackgroundTask("amqp-channels", BackgroundTask.Schedule.every(Duration.ofSeconds(1)),
                STOP_GRACE.plusSeconds(5), clock, this::reconcile);
    }

    @Override
    public void reload(Configuration configuration) {
        wanted.set(configuration.list(AmqpChannelConfig.KIND));
        task.execute(this::reconcile);
    }

    /** @return every live node's consumers of a channel */
    public List<Row> consumers(String channel) {
        return board.read(channel);
    }

    /** Brings the running consumers in line with the wanted channels; on the task's thread only. */
    private void reconcile() {
        List<AmqpChannelConfig> want = wanted.get();
        if (want == null) {
            return;
        }
        Map<String, AmqpChannelConfig> active = want.stream().filter(AmqpChannelConfig::active)
                .collect(Collectors.toMap(AmqpChannelConfig::name, c -> c));
        for (Iterator<Map.Entry<String, QueueConsumers>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, QueueConsumers> e = it.next();
            if (!e.getValue().config().equals(active.get(e.getKey()))) {
                e.getValue().stop(STOP_GRACE);
                it.remove();
                board.publish(e.getKey(), e.getValue().row());
            }
        }
        active.forEach((name, config) -> running.computeIfAbsent(name,
                n -> new QueueConsumers(config, invoker, tracing, mapper, node, clock)));
        for (QueueConsumers consumers : running.values()) {
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

    /** Stops every channel cleanly: the messages in hand are finished, the others go back to their queues. */
    @Override
    public void stop() {
        task.stop();
        running.values().forEach(c -> c.stop(STOP_GRACE));
        running.clear();
    }
}
