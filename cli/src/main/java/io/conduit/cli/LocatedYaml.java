package io.conduit.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML file read into a JSON tree, with the line each value starts on, so that a problem found
 * later (by the server, in a field of an object) is reported at its place in the file.
 *
 * @param file  the file, as the user named it
 * @param tree  its content
 * @param lines JSON pointer ({@code /2/urlPath}) to the line it starts on, from 1
 */
record LocatedYaml(String file, JsonNode tree, Map<String, Integer> lines) {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    /**
     * @param path the file
     * @param name how to call it in messages, e.g. {@code channels-http.yaml}
     * @throws ConfigDirException if it cannot be read or is not YAML, naming the line
     */
    static LocatedYaml read(Path path, String name) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigDirException(name + ": cannot be read: " + e.getMessage());
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            return new LocatedYaml(name, tree == null ? MAPPER.nullNode() : tree, lines(text));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigDirException(name + (line > 0 ? ":" + line : "") + ": is not valid YAML: "
                    + String.join("; ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList()));
        }
    }

    /** @return the line of the value at {@code pointer}, or of the nearest value holding it; 0 if none */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return 0;
            }
            p = p.substring(0, slash);
        }
    }

    /** @return {@code file:line} of the value at {@code pointer} */
    String at(String pointer) {
        int line = lineOf(pointer);
        return line > 0 ? file + ":" + line : file;
    }

    private static Map<String, Integer> lines(String text) throws JsonProcessingException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (token == JsonToken.FIELD_NAME) {
                    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
                } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    lines.putIfAbsent(parser.getParsingContext().getParent() == null ? ""
                            : parser.getParsingContext().getParent().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                } else {
                    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }
}
