package io.conduit.server.polling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.NodeRows;
import io.conduit.server.tracing.Tracing;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The node's IMAP channels: one {@link MailboxPoller} per active channel, run by {@link ConsumingChannels}. */
public final class ImapChannels {

    /**
     * One node's poller of one channel.
     *
     * @param node     the node
     * @param state    {@code polling}, {@code not connected} (see error) or {@code stopped}
     * @param polls    looks at the folder made
     * @param handled  mails the service handled
     * @param failed   mails whose service failed
     * @param error    why the mailbox cannot be read, or null
     * @param lastPoll when the node last looked (ISO-8601), or null
     * @param last     the latest mail the node handled
     * @param at       when the node wrote the row, milliseconds since the epoch
     */
    public record Row(String node, String state, long polls, long handled, long failed, String error, String lastPoll,
                      Seen last, long at) {
    }

    /** A mail a node handled. */
    public record Seen(String cid, String messageId, String from, String subject, String outcome, String error,
                       long at) {
    }

    private ImapChannels() {
    }

    /** @return the node's IMAP channels, polling once started */
    public static ConsumingChannels<ImapChannelConfig, Row> build(Invoker invoker, Tracing tracing, Redis redis,
                                                                  ObjectMapper mapper, String node, Clock clock) {
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imap-channel-leases");
            t.setDaemon(true);
            return t;
        });
        return new ConsumingChannels<>(ImapChannelConfig.KIND, ImapChannelConfig::active,
                config -> new MailboxPoller(config, invoker, tracing, mapper, new Claims(redis, "imap", config.name()),
                        renewals, node, clock),
                new NodeRows<>(redis, "conduit:channels:imap:pollers:", Row.class, Row::at, Row::node, node, mapper,
                        clock), clock);
    }
}
