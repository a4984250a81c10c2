package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An outgoing AMQP connection (RabbitMQ), the password sealed in the ODB.
 *
 * @param name         unique name services publish to, e.g. {@code Orders}
 * @param address      {@code amqp://host:5672/vhost}
 * @param user         the broker user
 * @param password     the user's password, or {@code null}
 * @param exchange     the exchange messages go to; {@code ""} is the default exchange (routing key = queue)
 * @param routingKey   the routing key when a service gives none
 * @param deliveryMode 2 (persistent: kept across a broker restart in a durable queue) or 1 (transient)
 * @param confirm      whether a send waits for the broker's confirm
 * @param timeoutMs    how long a send waits for the broker (connecting, and confirming)
 * @param active       an inactive connection refuses every send, saying so
 */
@Checked
public record OutgoingAmqpConfig(
        @Name String name,
        @JsonPropertyDescription("the broker: amqp://host:5672/vhost (or amqps://)") @NotNull String address,
        @JsonPropertyDescription("the broker user") @NotBlank String user,
        @JsonPropertyDescription("the user's password (write-only)") Secret password,
        @JsonProperty(defaultValue = "") @JsonPropertyDescription("the exchange messages go to; the default exchange when empty")
        @Size(max = 255) String exchange,
        @JsonProperty(defaultValue = "") @JsonPropertyDescription("the routing key when a service gives none")
        @Size(max = 255) String routingKey,
        @JsonProperty(defaultValue = "2") @JsonPropertyDescription("2 (persistent) or 1 (transient)")
        @Min(1) @Max(2) int deliveryMode,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("whether a send waits for the broker's confirm")
        boolean confirm,
        @JsonProperty(defaultValue = "10000")
        @JsonPropertyDescription("how long a send waits for the broker (connecting, and confirming), in ms")
        @Min(100) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every send")
        boolean active) implements Configured, CrossChecked {

    /** Outgoing AMQP connections: {@code /conduit/admin/outgoing/amqp}. */
    public static final Kind<OutgoingAmqpConfig> KIND = Kind.of("outgoing/amqp", "outgoing AMQP connection",
            OutgoingAmqpConfig.class);

    public OutgoingAmqpConfig {
        address = AmqpAddress.normalised(address);
        user = user == null ? null : user.trim();
        exchange = exchange == null ? "" : exchange.trim();
        routingKey = routingKey == null ? "" : routingKey.trim();
    }

    @Override
    public void check(Findings findings) {
        AmqpAddress.check(address, "address", findings);
    }
}
