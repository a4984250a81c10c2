package io.conduit.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.server.ConfiguredKinds;
import org.junit.jupiter.api.Test;

/** The JSON Schema follows from each kind's record: fields, types, enums, defaults, constraints. */
class ConfigSchemaTest {

    private final ObjectNode schema = new ConfigSchema(ConfiguredKinds.ALL).document();

    @Test
    void everyKindHasAnObjectAndAFileDefinition() {
        for (Kind<?> kind : ConfiguredKinds.ALL.all()) {
            assertThat(schema.path("$defs").has(kind.key())).as(kind.key()).isTrue();
            assertThat(schema.path("$defs").path(kind.key() + "-file").path("type").asText()).isEqualTo("array");
        }
    }

    @Test
    void aChannelsFieldsCarryTheirTypesDefaultsAndRules() {
        JsonNode channel = schema.path("$defs").path("channels-http");
        assertThat(channel.path("required").toString()).contains("\"name\"", "\"urlPath\"", "\"service\"");
        assertThat(channel.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(channel.path("properties").path("name").path("pattern").asText()).isEqualTo(Name.PATTERN);
        assertThat(channel.path("properties").path("active").path("default").asBoolean(false)).isTrue();
        assertThat(channel.path("properties").path("method").path("enum").toString()).contains("\"GET\"", "\"POST\"");
        assertThat(channel.path("properties").path("rateLimit").path("properties").path("per").path("enum").toString())
                .isEqualTo("[\"1s\",\"1m\",\"1h\"]");
        assertThat(channel.path("properties").path("urlPath").path("description").asText()).contains("/customers/{id}");
        assertThat(channel.path("properties").has("KIND")).isFalse();
        assertThat(channel.path("properties").fieldNames()).toIterable().as("the record's order")
                .startsWith("name", "urlPath", "service", "method");
    }

    @Test
    void secretsAreWriteOnlyStringsAndDurationsText() {
        JsonNode sql = schema.path("$defs").path("outgoing-sql").path("properties");
        assertThat(sql.path("password").path("writeOnly").asBoolean()).isTrue();
        JsonNode retries = schema.path("$defs").path("outgoing-http").path("properties").path("retries");
        assertThat(retries.toString()).contains("\"backoff\"", "\"100ms\"", "\"5xx\"");
    }

    @Test
    void securityDefinitionsAreOneOfTheirTypes() {
        String security = schema.path("$defs").path("security").toString();
        assertThat(security).contains("\"basic\"", "\"apikey\"", "\"jwt\"", "\"username\"", "\"jwksUrl\"");
        JsonNode definition = schema.path("$defs").path("security");
        assertThat(definition.has("additionalProperties")).as("beside anyOf it would refuse every branch's fields")
                .isFalse();
        definition.path("anyOf").forEach(branch -> assertThat(branch.path("additionalProperties").asBoolean(true))
                .as(branch.path("properties").path("type").toString()).isFalse());
    }
}
