package io.conduit.server.amqp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.NodeRows;
import io.conduit.server.tracing.Tracing;
import java.time.Clock;

/**
 * The node's AMQP channels: one {@link QueueConsumers} per active channel, run by
 * {@link ConsumingChannels}.
 */
public final class AmqpChannels {

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
     * @param queued        the messages waiting in the queue then, as the broker counts them (the channel's lag);
     *                      null when the broker cannot be asked
     */
    public record Row(String node, String state, int consumers, long handled, long failed, long requeued,
                      long deadLettered, String error, QueueConsumers.Seen last, QueueConsumers.Seen lastFailure,
                      long at, Long queued) {
    }

    private AmqpChannels() {
    }

    /** @return the node's AMQP channels, consuming once started */
    public static ConsumingChannels<AmqpChannelConfig, Row> build(Invoker invoker, Tracing tracing, Redis redis,
                                                                  ObjectMapper mapper, String node, Clock clock) {
        return new ConsumingChannels<>(AmqpChannelConfig.KIND, AmqpChannelConfig::active,
                config -> new QueueConsumers(config, invoker, tracing, mapper, node, clock),
                new NodeRows<>(redis, "conduit:channels:amqp:consumers:", Row.class, Row::at, Row::node, node, mapper,
                        clock), clock);
    }
}
