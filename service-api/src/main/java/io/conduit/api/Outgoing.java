package io.conduit.api;

/**
 * The cluster's outgoing connections, looked up by the name an operator gave them. Services never
 * hard-code addresses: when a backend moves, the operator edits its connection and every node uses
 * the new address on its next call.
 *
 * <pre>{@code
 * JsonNode customer = outgoing().plainHttp().get("CRM").send(cid(), request().payload()).data();
 * outgoing().zmq().send(message, "Fraud detection");
 * }</pre>
 */
public interface Outgoing {

    /** @return the outgoing plain HTTP connections */
    HttpConnections plainHttp();

    /** @return the outgoing ZeroMQ connections */
    ZmqConnections zmq();

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
}
