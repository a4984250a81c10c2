package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a service sent through an outgoing connection, in the order it sent it.
 *
 * @param kind       {@code http}, {@code zeromq} or {@code amqp}
 * @param connection the connection's name
 * @param method     the HTTP method, or {@code send}
 * @param path       the HTTP path with its query string; the AMQP routing key; else null
 * @param body       what was sent, as the node would have written it in JSON (null when nothing)
 * @param headers    the HTTP headers a node adds ({@code X-Conduit-CID}), or the AMQP message's headers
 */
public record OutgoingCall(String kind, String connection, String method, String path, JsonNode body,
                           Map<String, Object> headers) {

    @Override
    public String toString() {
        return kind + " '" + connection + "' " + method + (path == null ? "" : " " + path)
                + (body == null ? "" : " " + body);
    }
}
