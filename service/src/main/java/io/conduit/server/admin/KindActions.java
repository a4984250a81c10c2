package io.conduit.server.admin;

import io.conduit.api.OutgoingException;
import io.conduit.server.amqp.AmqpChannelConfig;
import io.conduit.server.amqp.AmqpChannels;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.Configured;
import io.conduit.server.config.Kind;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.kafka.KafkaChannelConfig;
import io.conduit.server.kafka.KafkaChannels;
import io.conduit.server.outgoing.OutgoingAmqpConfig;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.outgoing.OutgoingHttpConfig;
import io.conduit.server.outgoing.OutgoingFilesConfig;
import io.conduit.server.outgoing.OutgoingKafkaConfig;
import io.conduit.server.outgoing.OutgoingSmtpConfig;
import io.conduit.server.polling.FileChannelConfig;
import io.conduit.server.polling.FileChannels;
import io.conduit.server.polling.ImapChannelConfig;
import io.conduit.server.polling.ImapChannels;
import io.conduit.server.outgoing.OutgoingSqlConfig;
import io.conduit.server.outgoing.SqlPing;
import io.conduit.server.scheduler.HistoryRow;
import io.conduit.server.scheduler.Job;
import io.conduit.server.scheduler.Scheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the admin API does with one configured object beyond reading and writing it: ping a
 * connection, read a breaker's or a channel's per-node state, run a job now, read its history; and
 * what it adds to a job's view (its next due time and last run).
 */
public final class KindActions {

    /** An HTTP ping: any answer below 500 means the backend is there. */
    public record HttpPing(String name, String url, boolean ok, Integer status, double timeMs, String error) {
    }

    /** An SQL ping: a connection from this node's pool, checked by the driver. */
    public record DatabasePing(String name, String url, boolean ok, double timeMs, String database, String error) {
    }

    /** An AMQP ping: this node's connection to the broker. */
    public record BrokerPing(String name, String address, boolean ok, double timeMs, String error) {
    }

    private KindActions() {
    }

    /** Adds every kind's actions to the admin API. */
    public static void register(KindResources resources, ConfigStore config, OutgoingConnections outgoing,
                                ConsumingChannels<AmqpChannelConfig, AmqpChannels.Row> amqpChannels,
                                ConsumingChannels<KafkaChannelConfig, KafkaChannels.Row> kafkaChannels,
                                FileChannels fileChannels,
                                ConsumingChannels<ImapChannelConfig, ImapChannels.Row> imapChannels,
                                Scheduler scheduler) {
        resources.action(OutgoingHttpConfig.KIND, "POST", "ping", name -> {
            String url = config.find(OutgoingHttpConfig.KIND, name).orElseThrow().url();
            long start = System.nanoTime();
            try {
                var ping = outgoing.ping(name);
                return new HttpPing(name, url, true, ping.status(), ping.millis(), null);
            } catch (OutgoingException e) {
                return new HttpPing(name, url, false, null, millisSince(start), e.getMessage());
            }
        });
        resources.action(OutgoingHttpConfig.KIND, "GET", "health", outgoing::breakers);
        resources.action(OutgoingSqlConfig.KIND, "POST", "ping", name -> {
            String url = config.find(OutgoingSqlConfig.KIND, name).orElseThrow().url();
            long start = System.nanoTime();
            try {
                SqlPing ping = outgoing.pingSql(name);
                return new DatabasePing(name, url, true, ping.millis(), ping.database(), null);
            } catch (OutgoingException e) {
                return new DatabasePing(name, url, false, millisSince(start), null, e.getMessage());
            }
        });
        brokerPing(resources, config, OutgoingAmqpConfig.KIND, OutgoingAmqpConfig::address, outgoing::pingAmqp);
        brokerPing(resources, config, OutgoingKafkaConfig.KIND, OutgoingKafkaConfig::bootstrapServers,
                outgoing::pingKafka);
        resources.action(AmqpChannelConfig.KIND, "GET", "consumers", amqpChannels::consumers);
        resources.action(KafkaChannelConfig.KIND, "GET", "consumers", kafkaChannels::consumers);
        brokerPing(resources, config, OutgoingFilesConfig.KIND, OutgoingFilesConfig::address, outgoing::pingFiles);
        resources.action(FileChannelConfig.KIND, "GET", "consumers", fileChannels::pollers);
        resources.action(FileChannelConfig.KIND, "GET", "history", fileChannels::history);
        resources.action(FileChannelConfig.KIND, "POST", "history/{id}/rerun", fileChannels::rerun);
        brokerPing(resources, config, OutgoingSmtpConfig.KIND, OutgoingSmtpConfig::address, outgoing::pingSmtp);
        resources.action(ImapChannelConfig.KIND, "GET", "consumers", imapChannels::consumers);
        resources.edit(Job.KIND, "pause", job -> job.withActive(false));
        resources.edit(Job.KIND, "resume", job -> job.withActive(true));
        resources.action(Job.KIND, "POST", "run", name ->
                Map.of("cid", scheduler.runNow(config.find(Job.KIND, name).orElseThrow())));
        resources.action(Job.KIND, "GET", "history", scheduler::history);
        resources.decorate(Job.KIND, (job, view) -> {
            List<HistoryRow> history = scheduler.history(job.name());
            view.put("nextRun", scheduler.nextRun(job).map(Instant::toString).orElse(null));
            view.set("lastRun", history.isEmpty() ? null : view.pojoNode(history.get(0)));
        });
    }

    /** {@code POST .../{name}/ping} of a broker connection: how long reaching its broker took, or why it did not. */
    private static <T extends Configured> void brokerPing(KindResources resources, ConfigStore config, Kind<T> kind,
                                                          Function<T, String> address, ToDoubleFunction<String> ping) {
        resources.action(kind, "POST", "ping", name -> {
            String where = address.apply(config.find(kind, name).orElseThrow());
            long start = System.nanoTime();
            try {
                return new BrokerPing(name, where, true, ping.applyAsDouble(name), null);
            } catch (OutgoingException e) {
                return new BrokerPing(name, where, false, millisSince(start), e.getMessage());
            }
        });
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
