package io.conduit.server.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A consumed message's body as a service's payload: JSON when it is JSON, else text. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * @return what reads bodies into JSON trees with the mapper's settings; made once per consumer, it
     *     skips the lookups the mapper makes for every body
     */
    public static ObjectReader reader(ObjectMapper mapper) {
        return mapper.readerFor(JsonNode.class);
    }

    /**
     * @param tree        from {@link #reader}
     * @param contentType the message's content type, or null
     * @param body        the body as it came (UTF-8)
     * @return {@code NullNode} for an empty body, text for a {@code text/*} body or one that is not JSON,
     *     else the JSON
     */
    public static JsonNode of(ObjectReader tree, String contentType, byte[] body) {
        if (blank(body)) {
            return NullNode.getInstance();
        }
        if (contentType != null && contentType.startsWith("text/")) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
        try {
            return tree.readValue(body);
        } catch (IOException e) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b < 0 || !Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
