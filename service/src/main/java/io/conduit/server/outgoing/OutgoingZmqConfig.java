package io.conduit.server.outgoing;

import io.conduit.common.error.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An outgoing ZeroMQ connection as the ODB holds it. The node connects (never binds) to the
 * address, so every node of a cluster can hold the same connection.
 *
 * @param name          unique name services send to, e.g. {@code Fraud detection}
 * @param address       {@code tcp://host:port}
 * @param socketType    {@code PUSH} (to a PULL peer) or {@code PUB} (to SUB peers)
 * @param highWaterMark messages queued while the peer is slow or absent; beyond it they are dropped
 * @param active        an inactive connection refuses sends, saying so
 */
public record OutgoingZmqConfig(String name, String address, String socketType, int highWaterMark,
                                boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Pattern ADDRESS = Pattern.compile("(tcp://[^\\s:/]+:\\d{1,5}|ipc://\\S+|inproc://\\S+)");

    /**
     * @return the connection with defaults filled in
     * @throws InvalidInputException naming the wrong field
     */
    public OutgoingZmqConfig validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name must be 1-200 letters, digits, spaces or . _ : -");
        }
        if (address == null || !ADDRESS.matcher(address.trim()).matches()) {
            throw new InvalidInputException("address must be tcp://host:port");
        }
        String type = socketType == null ? "PUSH" : socketType.trim().toUpperCase(Locale.ROOT);
        if (!type.equals("PUSH") && !type.equals("PUB")) {
            throw new InvalidInputException("socketType must be PUSH or PUB");
        }
        int hwm = highWaterMark <= 0 ? 1000 : highWaterMark;
        if (hwm > 1_000_000) {
            throw new InvalidInputException("highWaterMark must be at most 1000000");
        }
        return new OutgoingZmqConfig(name, address.trim(), type, hwm, active);
    }
}
