package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake outgoing ZeroMQ, AMQP or Kafka connection: it takes every message as the broker or the
 * socket would, and keeps it for the test, written to JSON as a node writes it. A Kafka record's key
 * is kept where an AMQP message's routing key is ({@link OutgoingCall#path()}); its offset is the
 * number of records sent before it, in partition 0 of a topic named as the connection.
 *
 * <pre>{@code
 * assertThat(harness.zmq("Fraud detection").messages()).hasSize(1);
 * }</pre>
 */
public final class FakeMessages {

    private final String kind;
    private final String name;
    private final ServiceHarness harness;
    private final List<OutgoingCall> sent = new CopyOnWriteArrayList<>();

    FakeMessages(String kind, String name, ServiceHarness harness) {
        this.kind = kind;
        this.name = name;
        this.harness = harness;
    }

    /** @return the connection's name */
    public String name() {
        return name;
    }

    /** @return every message sent, in order, with its routing key (AMQP) or key (Kafka) and headers */
    public List<OutgoingCall> sent() {
        return List.copyOf(sent);
    }

    /** @return the messages' bodies, in order */
    public List<JsonNode> messages() {
        return sent.stream().map(OutgoingCall::body).toList();
    }

    /** @return how many messages were sent before this one */
    synchronized int send(Object message, String routingKey, Map<String, Object> headers) {
        OutgoingCall call = new OutgoingCall(kind, name, "send", routingKey, message == null ? null
                : message instanceof byte[] bytes ? harness.mapper().getNodeFactory().binaryNode(bytes)
                : harness.mapper().valueToTree(message), headers == null ? Map.of() : headers);
        sent.add(call);
        harness.sent(call);
        return sent.size() - 1;
    }

    void reset() {
        sent.clear();
    }
}
