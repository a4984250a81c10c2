package io.conduit.api;

import java.util.Map;

/**
 * The cluster's outgoing connections, looked up by the name an operator gave them. Services never
 * hard-code addresses: when a backend moves, the operator edits its connection and every node uses
 * the new address on its next call.
 *
 * <pre>{@code
 * JsonNode customer = outgoing().plainHttp().get("CRM").send(request().payload()).data();
 * outgoing().zmq().send(message, "Fraud detection");
 * List<Map<String, Object>> rows = outgoing().sql("Billing").query("SELECT * FROM invoice WHERE id = ?", id);
 * outgoing().amqp().send(order, "Orders");
 * outgoing().kafka("Orders").send(orderId, order);
 * outgoing().files("Partner").put("reports/today.csv", csv);
 * outgoing().mail("Notify").send(Mail.to("ops@example.com").subject("Done").text("All rows imported"));
 * }</pre>
 */
public interface Outgoing {

    /** @return the outgoing plain HTTP connections */
    HttpConnections plainHttp();

    /** @return the outgoing ZeroMQ connections */
    ZmqConnections zmq();

    /**
     * @param name an outgoing SQL connection's name
     * @return the connection as it is configured now (it follows the operator's changes)
     * @throws OutgoingException if there is no connection of that name
     */
    SqlConnection sql(String name);

    /** @return the outgoing AMQP connections */
    AmqpConnections amqp();

    /**
     * @param name an outgoing Kafka connection's name
     * @return the connection as it is configured now (it follows the operator's changes)
     * @throws OutgoingException if there is no connection of that name (on its first send)
     */
    KafkaConnection kafka(String name);

    /**
     * @param name an outgoing file connection's name
     * @return the connection as it is configured now (it follows the operator's changes)
     * @throws OutgoingException if there is no connection of that name (on its first use)
     */
    FileConnection files(String name);

    /**
     * @param name an outgoing SMTP connection's name
     * @return the connection as it is configured now (it follows the operator's changes)
     * @throws OutgoingException if there is no connection of that name (on its first send)
     */
    MailConnection mail(String name);

    /** The outgoing plain HTTP connections. */
    interface HttpConnections {
        /**
         * @param name the connection's name
         * @return the connection as it is configured now
         * @throws OutgoingException if there is no connection of that name
         */
        HttpConnection get(String name);
    }

    /** The outgoing ZeroMQ connections (PUSH and PUB sockets). */
    interface ZmqConnections {
        /**
         * Queues a message on a connection and returns at once. It never blocks the service: if the
         * peer is absent and the connection's queue is full, the message is dropped, logged and
         * counted.
         *
         * @param message    a {@code String} is sent as is; anything else is sent as JSON
         * @param connection the connection's name
         * @return {@code true} if queued, {@code false} if dropped because the queue was full
         * @throws OutgoingException if there is no active connection of that name
         */
        boolean send(Object message, String connection);
    }

    /**
     * The outgoing AMQP connections (RabbitMQ): each publishes to one exchange with a default routing
     * key, as the operator configured it.
     */
    interface AmqpConnections {
        /**
         * Publishes a message with the connection's routing key.
         *
         * @see #send(Object, String, String, Map)
         */
        void send(Object message, String connection);

        /**
         * Publishes a message with a routing key of its own.
         *
         * @see #send(Object, String, String, Map)
         */
        void send(Object message, String connection, String routingKey);

        /**
         * Publishes a message. With publisher confirms (the default) it returns once the broker has
         * taken the message (written it to disk for a durable queue); the message's correlation id
         * is the invocation's cid.
         *
         * @param message    a {@code String} is sent as text, a {@code byte[]} as it is, anything else
         *                   ({@code Map}, {@code JsonNode}, a record) as JSON
         * @param connection the connection's name
         * @param routingKey the routing key, or {@code null} for the connection's own
         * @param headers    message headers (strings, numbers, booleans), or {@code null}
         * @throws OutgoingException if the message was not taken: the broker could not be reached
         *     within the connection's timeout (UNREACHABLE), did not confirm in time (TIMEOUT: the
         *     message may or may not have arrived), nacked it or no queue is bound for its routing key
         *     (REJECTED), or the connection is unknown or inactive
         */
        void send(Object message, String connection, String routingKey, Map<String, Object> headers);
    }
}
