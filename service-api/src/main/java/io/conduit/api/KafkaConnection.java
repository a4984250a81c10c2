package io.conduit.api;

import java.util.Map;

/**
 * An outgoing Kafka connection: a producer to one topic, as the operator configured it.
 *
 * <pre>{@code
 * KafkaConnection.Sent sent = outgoing().kafka("Orders").send(order.get("id").asText(), order);
 * }</pre>
 */
public interface KafkaConnection {

    /**
     * Sends a record to the connection's topic and returns once the broker acknowledged it (by default
     * every in-sync replica has it, and a retried send is written once: an idempotent producer). The
     * call's cid and trace context travel as the record's headers {@code X-Conduit-CID} and
     * {@code traceparent}.
     *
     * @param key     the record's key, or null; records of one key keep their order (one partition)
     * @param message a {@code byte[]} is sent as it is, a {@code String} as UTF-8 text, anything else
     *                (a {@code Map}, a {@code JsonNode}, a record) as JSON
     * @return where the broker wrote it
     * @throws OutgoingException naming the connection, if the broker did not take it within the
     *                           connection's timeout (down, unknown topic, record too large...)
     */
    Sent send(String key, Object message);

    /**
     * As {@link #send(String, Object)}, with headers of the service's own added to the record.
     *
     * @param headers names to UTF-8 values
     */
    Sent send(String key, Object message, Map<String, String> headers);

    /**
     * Where the broker wrote a record.
     *
     * @param topic     the topic
     * @param partition its partition
     * @param offset    its offset in the partition
     */
    record Sent(String topic, int partition, long offset) {
    }
}
