package io.conduit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a cluster's configuration as a config directory, always the same way for the same
 * configuration (kinds and objects in a stable order, fields in their record's order, defaults left
 * out), so that a git diff of two exports shows only what changed.
 */
final class ConfigWriter {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigWriter() {
    }

    /** What an export wrote. */
    record Written(int objects, int files, int services) {
    }

    /**
     * @param out      the directory (made when absent); kind files and {@code services/} an earlier
     *                 export wrote are replaced, {@code env/} and {@code kvdb.yaml} are kept
     * @param exported {@code GET /conduit/admin/config}
     * @param schema   {@code GET /conduit/admin/config/schema}
     */
    static Written write(Path out, JsonNode exported, JsonNode schema) {
        try {
            Files.createDirectories(out);
            try (Stream<Path> old = Files.list(out)) {
                for (Path file : old.toList()) {
                    String name = file.getFileName().toString();
                    if (Files.isRegularFile(file) && name.endsWith(".yaml") && !name.equals(ConfigDir.KVDB)) {
                        Files.delete(file);
                    }
                }
            }
            deleteTree(out.resolve(ConfigDir.SERVICES));
            Files.writeString(out.resolve(ConfigDir.SCHEMA), JSON.writeValueAsString(schema) + "\n",
                    StandardCharsets.UTF_8);
            int objects = 0;
            int files = 0;
            for (var kind = exported.path("config").fields(); kind.hasNext(); ) {
                var entry = kind.next();
                if (entry.getValue().isEmpty()) {
                    continue;
                }
                Files.writeString(out.resolve(entry.getKey() + ".yaml"), "# yaml-language-server: $schema="
                        + ConfigDir.SCHEMA + "#/$defs/" + entry.getKey() + "-file\n" + yaml(entry.getValue()),
                        StandardCharsets.UTF_8);
                objects += entry.getValue().size();
                files++;
            }
            int services = 0;
            for (var service = exported.path("services").fields(); service.hasNext(); ) {
                var entry = service.next();
                Path file = out.resolve(ConfigDir.SERVICES).resolve(entry.getKey()).normalize();
                if (!file.startsWith(out.resolve(ConfigDir.SERVICES))) {
                    throw new CliException("the cluster named a service file outside services/: " + entry.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.write(file, Base64.getDecoder().decode(entry.getValue().asText()));
                services++;
            }
            return new Written(objects, files, services);
        } catch (IOException e) {
            throw new CliException("cannot write " + out + ": " + e.getMessage());
        }
    }

    /** @return a value as YAML, as the files hold it */
    static String yaml(JsonNode value) throws JsonProcessingException {
        return YAML.writeValueAsString(value);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
