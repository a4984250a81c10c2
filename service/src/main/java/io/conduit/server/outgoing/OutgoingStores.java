package io.conduit.server.outgoing;

/** Where the outgoing connections of each kind are kept, in the ODB. */
public record OutgoingStores(OutgoingHttpStore http, OutgoingZmqStore zmq, OutgoingSqlStore sql, OutgoingAmqpStore amqp) {
}
