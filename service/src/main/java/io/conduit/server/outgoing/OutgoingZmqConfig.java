package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Configured;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An outgoing ZeroMQ connection. The node connects (never binds) to the address, so every node of a
 * cluster can hold the same connection.
 *
 * @param name          unique name services send to, e.g. {@code Fraud detection}
 * @param address       {@code tcp://host:port}
 * @param socketType    {@code PUSH} (to a PULL peer) or {@code PUB} (to SUB peers)
 * @param highWaterMark messages queued while the peer is slow or absent; beyond it they are dropped
 * @param active        an inactive connection refuses sends, saying so
 */
public record OutgoingZmqConfig(
        @Name String name,
        @JsonPropertyDescription("tcp://host:port, connected to (never bound)")
        @NotNull @Pattern(regexp = "tcp://[^\\s:/]+:\\d{1,5}|ipc://\\S+|inproc://\\S+", message = "must be tcp://host:port")
        String address,
        @JsonProperty(defaultValue = "PUSH") @JsonPropertyDescription("PUSH (to a PULL peer) or PUB (to SUB peers)")
        SocketType socketType,
        @JsonProperty(defaultValue = "1000")
        @JsonPropertyDescription("messages queued while the peer is slow or absent; beyond it they are dropped")
        @Min(1) @Max(1_000_000) int highWaterMark,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses sends")
        boolean active) implements Configured {

    /** Outgoing ZeroMQ connections: {@code /conduit/admin/outgoing/zmq}. */
    public static final Kind<OutgoingZmqConfig> KIND = Kind.of("outgoing/zmq", "outgoing ZeroMQ connection",
            OutgoingZmqConfig.class);

    /** The sockets a connection may be. */
    public enum SocketType {
        /** to a PULL peer: each message to one peer */
        PUSH,
        /** to SUB peers: each message to every peer */
        PUB
    }

    public OutgoingZmqConfig {
        address = address == null ? null : address.trim();
    }
}
