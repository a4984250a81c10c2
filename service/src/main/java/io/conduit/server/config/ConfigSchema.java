package io.conduit.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Comparator;

/**
 * The JSON Schema of every configured kind, generated from its record (field types, enums,
 * Jackson's descriptions and defaults, Bean Validation's constraints), so editors complete and
 * check a config directory's files. Each kind has two definitions: {@code <kind>} (one object) and
 * {@code <kind>-file} (a list of them, as the kind's file holds).
 */
public final class ConfigSchema {

    /** Where the schema of a kind's file is, from a file beside {@code schema.json}. */
    public static String fileSchemaRef(Kind<?> kind) {
        return "schema.json#/$defs/" + kind.key() + "-file";
    }

    private final Kinds kinds;
    private final SchemaGenerator generator;
    private final ObjectMapper mapper = new ObjectMapper();

    public ConfigSchema(Kinds kinds) {
        this.kinds = kinds;
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.INLINE_ALL_SCHEMAS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            if (type.getErasedType() == Secret.class) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode().put("type", "string")
                        .put("writeOnly", true));
            }
            if (type.getErasedType() == Duration.class) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode().put("type", "string")
                        .put("pattern", "^[0-9]+ ?(ms|s|m|h|d)$"));
            }
            if (type.getErasedType() == JsonNode.class) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.INLINE_DEFINITION, CustomDefinition.EXCLUDING_ATTRIBUTES);
            }
            return null;
        });
        config.forFields().withIgnoreCheck(field -> field.isStatic());
        config.forTypesInGeneral().withPropertySorter(Comparator.comparingInt(ConfigSchema::position));
        config.forFields().withRequiredCheck(field -> field.getAnnotationConsideringFieldAndGetter(Name.class) != null);
        config.forFields().withStringPatternResolver(field ->
                field.getAnnotationConsideringFieldAndGetter(Name.class) == null ? null : Name.PATTERN);
        config.forFields().withDefaultResolver(this::defaultOf);
        this.generator = new SchemaGenerator(config.build());
    }

    /** @return the schema of every kind, in one document */
    public ObjectNode document() {
        ObjectNode document = mapper.createObjectNode();
        document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        document.put("title", "Conduit configuration");
        document.put("description", "One file per kind in a config directory, each a list of objects in the admin"
                + " API's shape; secrets as ${VAR} placeholders.");
        ObjectNode defs = document.putObject("$defs");
        for (Kind<?> kind : kinds.all()) {
            ObjectNode one = generator.generateSchema(kind.type());
            if (one.has("anyOf")) {
                // one of several types (security definitions): each branch allows its own fields and no
                // other; "no other" beside the anyOf would refuse every field of every branch
                one.remove("additionalProperties");
            }
            one.put("title", kind.what());
            defs.set(kind.key(), one);
            ObjectNode file = defs.putObject(kind.key() + "-file");
            file.put("title", kind.file() + ": the " + kind.what() + "s");
            file.put("type", "array");
            file.putObject("items").put("$ref", "#/$defs/" + kind.key());
        }
        return document;
    }

    /** @return where a field is declared in its record, so forms and files list fields in that order */
    private static int position(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        for (int i = 0; components != null && i < components.length; i++) {
            if (components[i].getName().equals(member.getDeclaredName())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private Object defaultOf(FieldScope field) {
        JsonProperty property = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
        if (property == null || property.defaultValue().isEmpty()) {
            return null;
        }
        Class<?> type = field.getType().getErasedType();
        if (type == String.class || type.isEnum() || type == Duration.class) {
            return property.defaultValue();
        }
        try {
            return mapper.readValue(property.defaultValue(), Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(field + " has a default that is not JSON", e);
        }
    }
}
