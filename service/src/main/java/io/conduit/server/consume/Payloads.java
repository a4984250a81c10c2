package io.conduit.server.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/** A consumed message's body as a service's payload: JSON when it is JSON, else text. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * @param contentType the message's content type, or null
     * @return null for an empty body, text for a {@code text/*} body or one that is not JSON, else the JSON
     */
    public static JsonNode of(ObjectMapper mapper, String contentType, String raw) {
        return of(mapper, contentType, raw, null);
    }

    /**
     * @param bytes the body as it came (UTF-8), parsed rather than {@code raw} when given: faster
     * @see #of(ObjectMapper, String, String)
     */
    public static JsonNode of(ObjectMapper mapper, String contentType, String raw, byte[] bytes) {
        if (raw.isBlank()) {
            return NullNode.getInstance();
        }
        if (contentType != null && contentType.startsWith("text/")) {
            return TextNode.valueOf(raw);
        }
        try {
            return bytes != null ? mapper.readTree(bytes) : mapper.readTree(raw);
        } catch (IOException e) {
            return TextNode.valueOf(raw);
        }
    }
}
