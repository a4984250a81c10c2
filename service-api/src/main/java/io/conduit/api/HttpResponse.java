package io.conduit.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A backend's answer to an outgoing HTTP call.
 *
 * @param statusCode the HTTP status code (below 500; 5xx raises {@link OutgoingException})
 * @param data       the body parsed as JSON ({@code NullNode} for an empty body)
 * @param text       the body as text
 */
public record HttpResponse(int statusCode, JsonNode data, String text) {
}
