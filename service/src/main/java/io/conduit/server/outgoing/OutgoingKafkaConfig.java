package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;

/**
 * An outgoing Kafka connection: a producer to one topic.
 *
 * @param name             unique name services send with, e.g. {@code Orders}
 * @param bootstrapServers the brokers to start from, {@code host:port[,host:port...]}
 * @param sasl             SASL credentials for the brokers, or null
 * @param topic            the topic records go to
 * @param acks             {@code all} (every in-sync replica has the record), {@code 1} (the leader) or {@code 0} (none)
 * @param idempotent       whether a retried send is written once (needs {@code acks} {@code all})
 * @param compression      {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
 * @param timeoutMs        how long a send waits for the broker's acknowledgement, connecting included
 * @param active           an inactive connection refuses every send, saying so
 */
@Checked
public record OutgoingKafkaConfig(
        @Name String name,
        @JsonPropertyDescription("the brokers to start from: host:port[,host:port...]") @NotBlank
        @Pattern(regexp = KafkaClients.SERVERS, message = KafkaClients.SERVERS_RULE)
        String bootstrapServers,
        @JsonPropertyDescription("SASL credentials for the brokers; none when not given") @Valid KafkaSasl sasl,
        @JsonPropertyDescription("the topic records go to") @NotNull
        @Pattern(regexp = KafkaClients.TOPIC, message = KafkaClients.TOPIC_RULE)
        String topic,
        @JsonProperty(defaultValue = "all") @JsonPropertyDescription("all (every in-sync replica), 1 (the leader) or 0")
        @Pattern(regexp = "all|1|0", message = "must be all, 1 or 0") String acks,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("a retried send is written once (needs acks all)")
        boolean idempotent,
        @JsonProperty(defaultValue = "none") @JsonPropertyDescription("none, gzip, snappy, lz4 or zstd")
        @Pattern(regexp = "none|gzip|snappy|lz4|zstd", message = "must be none, gzip, snappy, lz4 or zstd")
        String compression,
        @JsonProperty(defaultValue = "10000")
        @JsonPropertyDescription("how long a send waits for the broker's acknowledgement, connecting included, in ms")
        @Min(1000) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every send")
        boolean active) implements Configured, CrossChecked {

    /** Outgoing Kafka connections: {@code /conduit/admin/outgoing/kafka}. */
    public static final Kind<OutgoingKafkaConfig> KIND = Kind.of("outgoing/kafka", "outgoing Kafka connection",
            OutgoingKafkaConfig.class);

    public OutgoingKafkaConfig {
        bootstrapServers = bootstrapServers == null ? null : bootstrapServers.replace(" ", "");
        topic = topic == null ? null : topic.trim();
        acks = acks == null || acks.isBlank() ? "all" : acks.trim().toLowerCase(Locale.ROOT);
        compression = compression == null || compression.isBlank() ? "none" : compression.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void check(Findings findings) {
        findings.require(!idempotent || acks.equals("all"), "idempotent",
                "an idempotent producer needs acks all; set acks to all, or idempotent to false");
    }
}
