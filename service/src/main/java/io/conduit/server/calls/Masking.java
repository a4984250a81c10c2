package io.conduit.server.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a recorded call must not keep: credentials in headers, secret-looking fields in JSON bodies,
 * and {@code password=...}-like text in messages. All become {@code ***}.
 */
final class Masking {

    static final String MASK = "***";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[-_]?key|authorization|credential|private[-_]?key|cookie).*");
    private static final Pattern SECRET_TEXT = Pattern.compile(
            "(?i)(password|passwd|pwd|secret|token|api[-_]?key|authorization|credentials?)(\\\\?\"?\\s*[=:]\\s*\\\\?\"?)"
                    + "(Basic |Bearer )?[^\\s,;&\"'\\\\}]+");

    private Masking() {
    }

    /** @return whether a header or field of this name holds a secret */
    static boolean secretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** @return the headers, those holding credentials masked */
    static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> masked.put(name, secretName(name) ? List.of(MASK) : new ArrayList<>(values)));
        return masked;
    }

    /** Masks secret-looking fields of a JSON tree in place, and secret-looking text in its strings. */
    static JsonNode json(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (secretName(field.getKey()) && !field.getValue().isContainerNode()) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    field.setValue(json(field.getValue()));
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, json(array.get(i)));
            }
            return array;
        }
        if (node != null && node.isTextual()) {
            return TextNode.valueOf(text(node.asText()));
        }
        return node;
    }

    /** @return the text with {@code password=...}, {@code token: ...} and the like masked */
    static String text(String text) {
        return text == null ? null : SECRET_TEXT.matcher(text).replaceAll("$1$2" + MASK);
    }
}
