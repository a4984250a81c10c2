package io.conduit.server.kafka;

import static io.conduit.server.metrics.Gauges.gauge;
import static io.conduit.server.metrics.Gauges.point;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.NodeRows;
import io.conduit.server.tracing.Tracing;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.util.List;

/**
 * The node's Kafka channels: one {@link TopicConsumers} per active channel, run by
 * {@link ConsumingChannels}; and their figures for Prometheus.
 */
public final class KafkaChannels {

    /**
     * One node's consumers of one channel.
     *
     * @param node         the node
     * @param state        {@code consuming} (partitions assigned), {@code waiting for partitions} (none assigned: the
     *                     brokers do not answer, the group is rebalancing, or it has more members than partitions),
     *                     {@code recovering} (a consumer failed and starts again), or {@code not connected} (the
     *                     consumers could not be made, or the channel stopped)
     * @param consumers    consumers running on the node
     * @param partitions   the partitions assigned to them, each with its lag
     * @param lag          records behind the end of the assigned partitions, or null while not known
     * @param handled      records the service handled (committed)
     * @param failed       attempts that failed
     * @param retried      failed records tried again
     * @param deadLettered records written to the dead-letter topic after their last attempt
     * @param error        why the node cannot consume, or null
     * @param last         the latest record handled
     * @param lastFailure  the latest failed attempt, with its error
     * @param at           when the node wrote the row, milliseconds since the epoch
     */
    public record Row(String node, String state, int consumers, List<Assigned> partitions, Long lag, long handled,
                      long failed, long retried, long deadLettered, String error, Seen last, Seen lastFailure,
                      long at) {
    }

    /** A partition assigned to a node, and how many records it is behind (null while not known). */
    public record Assigned(String topic, int partition, Long lag) {
    }

    /** A record a node handled, or failed on. */
    public record Seen(String cid, String topic, int partition, long offset, int attempt, String error, long at) {
    }

    private KafkaChannels() {
    }

    /** @return the node's Kafka channels, consuming once started */
    public static ConsumingChannels<KafkaChannelConfig, Row> build(Invoker invoker, Tracing tracing, Redis redis,
                                                                   ObjectMapper mapper, String node, Clock clock) {
        return new ConsumingChannels<>(KafkaChannelConfig.KIND, KafkaChannelConfig::active,
                config -> new TopicConsumers(config, invoker, tracing, mapper, node, clock),
                new NodeRows<>(redis, "conduit:channels:kafka:consumers:", Row.class, Row::at, Row::node, node, mapper,
                        clock), clock);
    }

    /** @return the figures of the channels running on this node, read at every scrape */
    public static MultiCollector metrics(ConsumingChannels<KafkaChannelConfig, Row> channels) {
        return () -> {
            CounterSnapshot.Builder records = CounterSnapshot.builder().name("conduit_kafka_channel_records")
                    .help("Records of the node's Kafka channels, by channel and outcome (handled, failed: an attempt"
                            + " that failed, retried, dead_lettered)");
            GaugeSnapshot.Builder partitions = gauge("conduit_kafka_channel_partitions",
                    "Partitions assigned to the node's consumers of a Kafka channel");
            GaugeSnapshot.Builder lag = gauge("conduit_kafka_channel_lag",
                    "Records a Kafka channel's consumers on the node are behind, by partition");
            for (ConsumingChannels.Consumers<KafkaChannelConfig, Row> running : channels.running()) {
                String channel = running.config().name();
                Row row = running.row();
                records.dataPoint(count(row.handled(), channel, "handled"));
                records.dataPoint(count(row.failed(), channel, "failed"));
                records.dataPoint(count(row.retried(), channel, "retried"));
                records.dataPoint(count(row.deadLettered(), channel, "dead_lettered"));
                partitions.dataPoint(point(row.partitions().size(), "channel", channel));
                for (Assigned a : row.partitions()) {
                    if (a.lag() != null) {
                        lag.dataPoint(point(a.lag(), "channel", channel, "topic", a.topic(), "partition",
                                String.valueOf(a.partition())));
                    }
                }
            }
            return new MetricSnapshots(records.build(), partitions.build(), lag.build());
        };
    }

    private static CounterSnapshot.CounterDataPointSnapshot count(long value, String channel, String outcome) {
        return CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("channel", channel, "outcome", outcome)).value(value).build();
    }
}
