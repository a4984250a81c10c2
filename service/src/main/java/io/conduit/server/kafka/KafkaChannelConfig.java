package io.conduit.server.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Configured;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.outgoing.KafkaClients;
import io.conduit.server.outgoing.KafkaSasl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A Kafka channel: every node runs {@code consumers} members of the channel's consumer group, and
 * each record invokes the service; its offset is committed once the service returned.
 *
 * @param name             unique name, e.g. {@code orders}
 * @param bootstrapServers the brokers to start from, {@code host:port[,host:port...]}
 * @param sasl             SASL credentials for the brokers, or null
 * @param topics           the topics consumed
 * @param groupId          the consumer group; {@code conduit-<name>} when not given
 * @param service          the service each record invokes
 * @param consumers        consumers on each node: how many partitions a node handles at once
 * @param maxAttempts      how many times a record is tried before it is dead-lettered
 * @param backoff          milliseconds before a record's second attempt, doubled for each next one (at most a minute)
 * @param deadLetterTopic  where a record goes after its last attempt; {@code <topic>.dead-letter} of the record's
 *                         own topic when not given
 * @param active           an inactive channel consumes nothing
 */
public record KafkaChannelConfig(
        @Name String name,
        @JsonPropertyDescription("the brokers to start from: host:port[,host:port...]") @NotBlank
        @Pattern(regexp = KafkaClients.SERVERS, message = KafkaClients.SERVERS_RULE)
        String bootstrapServers,
        @JsonPropertyDescription("SASL credentials for the brokers; none when not given") @Valid KafkaSasl sasl,
        @JsonPropertyDescription("the topics consumed") @NotEmpty @Size(max = 100)
        List<@NotBlank @Pattern(regexp = KafkaClients.TOPIC, message = KafkaClients.TOPIC_RULE) String> topics,
        @JsonPropertyDescription("the consumer group; conduit-<name> when not given")
        @Pattern(regexp = "[^\\s]{1,249}", message = "must be 1 to 249 characters, no spaces") String groupId,
        @JsonPropertyDescription("the service each record invokes") @NotBlank String service,
        @JsonProperty(defaultValue = "1") @JsonPropertyDescription("consumers on each node") @Min(1) @Max(64)
        int consumers,
        @JsonProperty(defaultValue = "3")
        @JsonPropertyDescription("how many times a record is tried before it is dead-lettered") @Min(1) @Max(100)
        int maxAttempts,
        @JsonProperty(defaultValue = "1000")
        @JsonPropertyDescription("ms before a record's second attempt, doubled for each next one (at most a minute)")
        @Min(0) @Max(60_000) int backoff,
        @JsonPropertyDescription("where a record goes after its last attempt; <topic>.dead-letter when not given")
        @Pattern(regexp = KafkaClients.TOPIC, message = KafkaClients.TOPIC_RULE) String deadLetterTopic,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive channel consumes nothing")
        boolean active) implements Configured {

    private static final long MAX_BACKOFF_MILLIS = 60_000;

    /** Kafka channels: {@code /conduit/admin/channels/kafka}. */
    public static final Kind<KafkaChannelConfig> KIND = Kind.of("channels/kafka", "Kafka channel",
            KafkaChannelConfig.class).refersToService("service", KafkaChannelConfig::service);

    public KafkaChannelConfig {
        bootstrapServers = bootstrapServers == null ? null : bootstrapServers.replace(" ", "");
        topics = topics == null ? null : topics.stream().map(t -> t == null ? null : t.trim()).toList();
        groupId = groupId == null || groupId.isBlank() ? "conduit-" + name : groupId.trim();
        service = service == null ? null : service.trim();
        deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? null : deadLetterTopic.trim();
    }

    /** @return where a record of {@code topic} goes after its last attempt */
    public String deadLetterTopicOf(String topic) {
        return deadLetterTopic != null ? deadLetterTopic : topic + ".dead-letter";
    }

    /** @return how long to wait before attempt {@code next} (2 or more) */
    long backoffBefore(int next) {
        long wait = backoff;
        for (int i = 2; i < next && wait < MAX_BACKOFF_MILLIS; i++) {
            wait *= 2;
        }
        return Math.min(wait, MAX_BACKOFF_MILLIS);
    }
}
