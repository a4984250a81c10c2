package io.conduit.server.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Parses request bodies as JSON, strictly: trailing garbage is an error too. */
public final class JsonBodies {

    private final ObjectReader reader;

    public JsonBodies(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @param body a request body, possibly empty
     * @return its JSON, or {@code NullNode} for an empty body
     * @throws JsonProcessingException if it is not valid JSON
     */
    public JsonNode parse(byte[] body) throws JsonProcessingException {
        if (body == null || body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = reader.readTree(body);
            return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return what an error response says of a body that is not JSON */
    public static String describe(JsonProcessingException e) {
        return "the request body is not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
    }
}
