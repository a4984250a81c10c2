package io.conduit.server.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.conduit.common.Durations;
import io.conduit.common.error.InvalidInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Configured objects to JSON and back, for every purpose from one declaration: what an operator
 * sends (defaults from {@code @JsonProperty(defaultValue)}, unknown fields refused, Bean
 * Validation), what the admin API shows (each secret as {@code <field>Set}), what an export writes
 * (secrets as {@code ${VAR}} placeholders, defaults left out) and the tree the ODB stores (the
 * store seals the secrets in it). Durations read and write as {@code 30s}.
 */
public final class ConfigJson {

    private final ObjectMapper plain;
    private final Validator validator;

    /**
     * @param base      the application's mapper (copied, not changed)
     * @param validator checks the records' constraints
     */
    @SuppressWarnings("deprecation") // the mapper is a copy of the application's, not built here
    public ConfigJson(ObjectMapper base, Validator validator) {
        this.plain = base.copy().registerModule(module(false))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
        this.validator = validator;
    }

    /**
     * For any other mapper that may meet a configured object (the admin API's responses): durations
     * as {@code 30s}, and a secret as {@code ***}, never its value.
     */
    public static Module publicModule() {
        return module(true);
    }

    private static Module module(boolean masked) {
        SimpleModule module = new SimpleModule("conduit-config" + (masked ? "-masked" : ""));
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return Durations.parse("", p.getValueAsString());
                } catch (InvalidInputException e) {
                    throw JsonMappingException.from(p, "must be a duration like 500ms, 30s, 5m or 1h, not '"
                            + p.getText() + "'");
                }
            }
        });
        module.addSerializer(Secret.class, new JsonSerializer<>() {
            @Override
            public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(masked ? Secret.MASK : value.reveal());
            }
        });
        module.addDeserializer(Secret.class, new JsonDeserializer<>() {
            @Override
            public Secret deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Secret.of(p.getValueAsString());
            }
        });
        return module;
    }

    /**
     * Makes an object of what an operator (or a config directory) sent.
     *
     * @param kind  its kind
     * @param input a JSON object in the admin API's shape
     * @return the object, with defaults filled in, valid on its own (references are checked with
     *     the whole configuration)
     * @throws InvalidConfigException naming each wrong field
     */
    public <T extends Configured> T bind(Kind<T> kind, JsonNode input) {
        if (!(input instanceof ObjectNode given)) {
            throw new InvalidConfigException(List.of(new Problem(kind.key(), null, null,
                    "must be a JSON object: {" + requiredFields(kind) + "}")));
        }
        ObjectNode tree = given.deepCopy();
        String name = tree.path("name").isTextual() ? tree.get("name").asText() : null;
        kind.viewOnly().forEach(tree::remove);
        Class<?> type = recordOf(kind, name, tree);
        secretPaths(type).forEach(path -> {
            ObjectNode parent = parent(tree, path);
            if (parent != null) {
                parent.remove(path.get(path.size() - 1) + "Set");
            }
        });
        blanksToNull(tree);
        withDefaults(type, tree);
        T object = read(kind, name, tree);
        List<Problem> problems = validator.validate(object).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem(kind.key(), name, field(v), message(v))).toList();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return object;
    }

    /**
     * Reads an object the ODB stored (its secrets already opened): defaults fill in fields added
     * since it was written.
     */
    <T extends Configured> T restore(Kind<T> kind, ObjectNode tree) {
        withDefaults(recordOf(kind, null, tree), tree);
        return read(kind, tree.path("name").asText(null), tree);
    }

    private <T extends Configured> T read(Kind<T> kind, String name, ObjectNode tree) {
        try {
            return plain.treeToValue(tree, kind.type());
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(problem(kind, name, e)));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(new Problem(kind.key(), name, null, e.getMessage())));
        }
    }

    /**
     * @param input   what an operator sent to replace {@code current}
     * @return the input with each secret it lacks (absent or empty; an explicit null clears it) taken
     *     from {@code current}, when both are of one type: an update that sends no password keeps the one set
     */
    public ObjectNode keepingSecrets(Kind<?> kind, ObjectNode input, Configured current) {
        ObjectNode merged = input.deepCopy();
        if (!kind.type().isRecord() && !merged.hasNonNull("type")) {
            merged.set("type", tree(current).get("type"));
        }
        if (!kind.type().isRecord() && !recordOf(kind, current.name(), merged.deepCopy()).equals(current.getClass())) {
            return merged;
        }
        ObjectNode was = tree(current);
        for (List<String> path : secretPaths(current.getClass())) {
            ObjectNode parent = parent(merged, path);
            ObjectNode wasParent = parent(was, path);
            String field = path.get(path.size() - 1);
            if (parent != null && wasParent != null && wasParent.hasNonNull(field)
                    && (!parent.has(field) || parent.get(field).isTextual() && parent.get(field).asText().isEmpty())) {
                parent.set(field, wasParent.get(field));
            }
        }
        return merged;
    }

    /** @return the object as a JSON tree with its secrets in clear: for storage (sealed there) and comparison only */
    ObjectNode tree(Object object) {
        return plain.valueToTree(object);
    }

    /** @return what the admin API shows of an object: each secret only as {@code <field>Set}, true or false */
    public ObjectNode view(Object object) {
        ObjectNode tree = tree(object);
        for (List<String> path : secretPaths(object.getClass())) {
            ObjectNode parent = parent(tree, path);
            if (parent != null) {
                String field = path.get(path.size() - 1);
                boolean set = parent.hasNonNull(field);
                replaceField(parent, field, field + "Set", JsonNodeFactory.instance.booleanNode(set));
            }
        }
        return tree;
    }

    /**
     * @return what an export writes of an object: fields at their defaults and nulls left out, each
     *     secret that is set as a {@code ${VAR}} placeholder (see {@link #placeholder})
     */
    public ObjectNode exported(Kind<?> kind, Configured object) {
        ObjectNode tree = tree(object);
        mapSecrets(object.getClass(), tree, (path, value) -> value == null ? null
                : TextNode.valueOf("${" + placeholder(kind, object.name(), path) + "}"));
        withoutDefaults(object.getClass(), tree);
        return tree;
    }

    /**
     * @return the environment variable an export names for a secret: kind, object and field in
     *     upper case, e.g. {@code OUTGOING_SQL_BILLING_PASSWORD}
     */
    public static String placeholder(Kind<?> kind, String name, String field) {
        return (kind.key() + "_" + name + "_" + field).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_")
                .replaceAll("^_|_$", "");
    }

    /**
     * Replaces each secret of a tree of a record of {@code type}.
     *
     * @param replace a secret's dotted path and its text (null when unset), to what the tree holds instead
     *                (null for nothing)
     */
    static void mapSecrets(Class<?> type, ObjectNode tree, BiFunction<String, String, JsonNode> replace) {
        for (List<String> path : secretPaths(type)) {
            ObjectNode parent = parent(tree, path);
            if (parent == null) {
                continue;
            }
            String field = path.get(path.size() - 1);
            JsonNode value = parent.get(field);
            JsonNode replaced = replace.apply(String.join(".", path), value == null || value.isNull() ? null
                    : value.asText());
            if (replaced == null) {
                parent.putNull(field);
            } else {
                parent.set(field, replaced);
            }
        }
    }

    /** @return the record a tree of this kind holds: the kind's own, or the subtype its {@code type} names */
    Class<?> recordOf(Kind<?> kind, String name, ObjectNode tree) {
        Class<?> type = kind.type();
        if (type.isRecord()) {
            return type;
        }
        JsonSubTypes subtypes = type.getAnnotation(JsonSubTypes.class);
        List<String> names = Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).toList();
        String given = tree.path("type").asText("");
        String wanted = given.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (JsonSubTypes.Type subtype : subtypes.value()) {
            if (subtype.name().replace("-", "").equals(wanted)) {
                tree.put("type", subtype.name());
                return subtype.value();
            }
        }
        throw new InvalidConfigException(List.of(new Problem(kind.key(), name, "type", "must be one of "
                + String.join(", ", names) + (given.isEmpty() ? "" : ", not '" + given + "'"))));
    }

    /** @return the required fields of a kind, as an example for the message when nothing usable came */
    public static String requiredFields(Kind<?> kind) {
        if (!kind.type().isRecord()) {
            return "\"name\", \"type\", ...";
        }
        return Arrays.stream(kind.type().getRecordComponents())
                .filter(c -> c.getAccessor().isAnnotationPresent(jakarta.validation.constraints.NotNull.class)
                        || c.getAccessor().isAnnotationPresent(jakarta.validation.constraints.NotBlank.class)
                        || c.getAccessor().isAnnotationPresent(Name.class))
                .map(c -> "\"" + jsonName(c) + "\"").collect(Collectors.joining(", "));
    }

    /** @return the dotted paths of every secret a record of this type holds, nested records included */
    static List<List<String>> secretPaths(Class<?> type) {
        List<List<String>> paths = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getType() == Secret.class) {
                    paths.add(List.of(jsonName(c)));
                } else if (c.getType().isRecord()) {
                    for (List<String> inner : secretPaths(c.getType())) {
                        List<String> path = new ArrayList<>(List.of(jsonName(c)));
                        path.addAll(inner);
                        paths.add(List.copyOf(path));
                    }
                }
            }
        }
        return paths;
    }

    /** @return the component's name in JSON */
    static String jsonName(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? c.getName() : property.value();
    }

    /** @return the component's declared default, as JSON, if it has one */
    Optional<JsonNode> defaultOf(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null || property.defaultValue().isEmpty()) {
            return Optional.empty();
        }
        Class<?> t = c.getType();
        if (t == String.class || t.isEnum() || t == Duration.class) {
            return Optional.of(TextNode.valueOf(property.defaultValue()));
        }
        try {
            return Optional.of(plain.readTree(property.defaultValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(c + " has a default that is not JSON: " + property.defaultValue(), e);
        }
    }

    private void withDefaults(Class<?> type, ObjectNode tree) {
        for (RecordComponent c : type.getRecordComponents()) {
            String field = jsonName(c);
            JsonNode value = tree.get(field);
            if (value == null || value.isNull()) {
                defaultOf(c).ifPresent(d -> tree.set(field, d.deepCopy()));
            } else if (c.getType().isRecord() && value instanceof ObjectNode inner) {
                withDefaults(c.getType(), inner);
            }
        }
    }

    private void withoutDefaults(Class<?> type, ObjectNode tree) {
        for (RecordComponent c : type.getRecordComponents()) {
            String field = jsonName(c);
            JsonNode value = tree.get(field);
            if (value == null) {
                continue;
            }
            if (value.isNull() || defaultOf(c).map(value::equals).orElse(false)) {
                tree.remove(field);
            } else if (c.getType().isRecord() && value instanceof ObjectNode inner) {
                withoutDefaults(c.getType(), inner);
            }
        }
    }

    private static void blanksToNull(ObjectNode tree) {
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual() && field.getValue().asText().isBlank()) {
                field.setValue(JsonNodeFactory.instance.nullNode());
            } else if (field.getValue() instanceof ObjectNode inner) {
                blanksToNull(inner);
            }
        }
    }

    private static ObjectNode parent(ObjectNode tree, List<String> path) {
        JsonNode node = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            node = node.get(path.get(i));
            if (!(node instanceof ObjectNode)) {
                return null;
            }
        }
        return (ObjectNode) node;
    }

    /** Puts {@code value} under {@code replacement} where {@code field} was, keeping the fields' order. */
    private static void replaceField(ObjectNode parent, String field, String replacement, JsonNode value) {
        ObjectNode copy = parent.deepCopy();
        parent.removeAll();
        copy.fields().forEachRemaining(e -> {
            if (e.getKey().equals(field)) {
                parent.set(replacement, value);
            } else {
                parent.set(e.getKey(), e.getValue());
            }
        });
    }

    private Problem problem(Kind<?> kind, String name, JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : null;
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = field == null ? u.getPropertyName() : field;
            message = "is not a field of " + kind.article() + " " + kind.what() + " (its fields: "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(c -> plain.convertValue(c, String.class)).collect(Collectors.joining(", ")) + ", not '" + f.getValue()
                    + "'";
        } else if (e instanceof InvalidTypeIdException) {
            message = "is not a known type";
        } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            message = v.getCause().getMessage();
        } else if (e instanceof JsonMappingException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("must ")) {
            message = m.getOriginalMessage();
        } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            message = "must be " + describe(m.getTargetType());
        } else {
            message = "cannot be read: " + e.getOriginalMessage();
        }
        return new Problem(kind.key(), name, field, message);
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Secret.class || type == Duration.class || type.isEnum()) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "");
        return path.isEmpty() ? null : path;
    }

    private static String message(ConstraintViolation<?> v) {
        return switch (v.getMessage()) {
            case "must not be null", "must not be blank", "must not be empty" -> "is required";
            default -> v.getMessage();
        };
    }
}
