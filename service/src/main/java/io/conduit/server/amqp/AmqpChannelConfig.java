package io.conduit.server.amqp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import io.conduit.server.outgoing.AmqpAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An AMQP channel: every node consumes a queue and invokes a service with each message (the
 * password sealed in the ODB).
 *
 * @param name        unique name, e.g. {@code orders}
 * @param address     the broker, {@code amqp://host:5672/vhost}
 * @param user        the broker user
 * @param password    the user's password, or {@code null}
 * @param queue       the queue consumed; declared (durable, with a dead-letter queue {@code <queue>.dead-letter})
 *                    when it does not exist
 * @param service     the service each message invokes
 * @param prefetch    messages the broker hands each consumer before it acknowledges one
 * @param consumers   consumers on each node: how many messages a node handles at once
 * @param maxAttempts how many times a message is tried before it is rejected to the dead-letter exchange
 * @param active      an inactive channel consumes nothing
 */
@Checked
public record AmqpChannelConfig(
        @Name String name,
        @JsonPropertyDescription("the broker: amqp://host:5672/vhost (or amqps://)") @NotNull String address,
        @JsonPropertyDescription("the broker user") @NotBlank String user,
        @JsonPropertyDescription("the user's password (write-only)") Secret password,
        @JsonPropertyDescription("the queue consumed; declared durable, with <queue>.dead-letter, when it does not exist")
        @NotBlank @Size(max = 200)
        @Pattern(regexp = "(?!amq\\.).*", message = "must not start with amq. (the broker's own)") String queue,
        @JsonPropertyDescription("the service each message invokes") @NotBlank String service,
        @JsonProperty(defaultValue = "10")
        @JsonPropertyDescription("messages the broker hands each consumer before it acknowledges one")
        @Min(1) @Max(10_000) int prefetch,
        @JsonProperty(defaultValue = "1") @JsonPropertyDescription("consumers on each node") @Min(1) @Max(64) int consumers,
        @JsonProperty(defaultValue = "3")
        @JsonPropertyDescription("how many times a message is tried before it is dead-lettered")
        @Min(1) @Max(100) int maxAttempts,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive channel consumes nothing")
        boolean active) implements Configured, CrossChecked {

    /** AMQP channels: {@code /conduit/admin/channels/amqp}. */
    public static final Kind<AmqpChannelConfig> KIND = Kind.of("channels/amqp", "AMQP channel", AmqpChannelConfig.class)
            .refersToService("service", AmqpChannelConfig::service);

    public AmqpChannelConfig {
        address = AmqpAddress.normalised(address);
        user = user == null ? null : user.trim();
        queue = queue == null ? null : queue.trim();
        service = service == null ? null : service.trim();
    }

    @Override
    public void check(Findings findings) {
        AmqpAddress.check(address, "address", findings);
    }

    /** @return the queue a message goes to after its last attempt, when the channel declared the queue */
    public String deadLetterQueue() {
        return queue + ".dead-letter";
    }
}
