package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A config directory (what {@code export} writes, what {@code diff} and {@code apply} read): one
 * YAML file per kind ({@code channels-http.yaml}, each a list of objects in the admin API's shape),
 * {@code services/} with the files to deploy, an optional {@code kvdb.yaml} of keys to set after the
 * release, and {@code env/NAME.yaml} overlays (kind file -> object name -> fields to override).
 * {@code ${VAR}} anywhere is read from the environment, {@code ${VAR:-default}} with a default for
 * when it is unset; {@code $${} writes a literal {@code ${}.
 *
 * <p>Whatever is wrong is reported at its file and line: here for what the files themselves get
 * wrong, and, through {@link #locate}, for what the server finds wrong with an object's field.
 */
final class ConfigDir {

    static final String SCHEMA = "schema.json";
    static final String KVDB = "kvdb.yaml";
    static final String SERVICES = "services";
    static final String ENV = "env";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    /** Where an overlay put a value: its file and line. */
    private record Origin(LocatedYaml file, String pointer) {
    }

    private final Path dir;
    private final Map<String, LocatedYaml> kinds = new TreeMap<>();
    private final Map<String, ArrayNode> objects = new LinkedHashMap<>();
    private final Map<String, Origin> overlaid = new HashMap<>();
    private final Map<String, String> services = new TreeMap<>();
    private JsonNode kvdb;

    private ConfigDir(Path dir) {
        this.dir = dir;
    }

    /**
     * Reads a directory, with the overlay {@code env/NAME.yaml} when {@code env} is given, and every
     * {@code ${VAR}} set from {@code environment}.
     *
     * @throws ConfigDirException with every problem found, each at its file and line
     */
    static ConfigDir read(Path dir, String env, UnaryOperator<String> environment) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigDirException(dir + " is not a directory (bin/conduit export CLUSTER " + dir
                    + " writes one)");
        }
        ConfigDir config = new ConfigDir(dir);
        List<String> problems = new ArrayList<>();
        config.readKinds(problems);
        if (env != null) {
            config.overlay(env, problems);
        }
        config.checkNames(problems);
        config.substitute(environment, problems);
        config.readServices(problems);
        config.readKvdb(environment, problems);
        if (!problems.isEmpty()) {
            throw new ConfigDirException(problems);
        }
        return config;
    }

    private void readKinds(List<String> problems) {
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file) || !(name.endsWith(".yaml") || name.endsWith(".yml")) || name.equals(KVDB)) {
                continue;
            }
            if (name.endsWith(".yml")) {
                problems.add(name + ": name it " + name.replaceAll("\\.yml$", ".yaml") + " (kind files end in .yaml)");
                continue;
            }
            try {
                LocatedYaml yaml = LocatedYaml.read(file, name);
                String kind = name.substring(0, name.length() - ".yaml".length());
                if (yaml.tree().isNull()) {
                    objects.put(kind, JsonNodeFactory.instance.arrayNode());
                } else if (!yaml.tree().isArray()) {
                    problems.add(yaml.at("") + ": must be a list of " + kind + " objects (each item starts with -)");
                    continue;
                } else {
                    objects.put(kind, (ArrayNode) yaml.tree());
                }
                kinds.put(kind, yaml);
                for (int i = 0; i < objects.get(kind).size(); i++) {
                    if (!objects.get(kind).get(i).isObject()) {
                        problems.add(yaml.at("/" + i) + ": item " + (i + 1) + " must be an object with a name");
                    }
                }
            } catch (ConfigDirException e) {
                problems.addAll(e.problems());
            }
        }
    }

    private void overlay(String env, List<String> problems) {
        String name = ENV + "/" + env + ".yaml";
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            problems.add(name + ": no such overlay in " + dir + " (--env " + env + " reads it)");
            return;
        }
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.read(file, name);
        } catch (ConfigDirException e) {
            problems.addAll(e.problems());
            return;
        }
        if (yaml.tree().isNull()) {
            return;
        }
        if (!yaml.tree().isObject()) {
            problems.add(yaml.at("") + ": must map kind files to object names to the fields to override");
            return;
        }
        yaml.tree().fields().forEachRemaining(kindEntry -> {
            String kind = kindEntry.getKey().replaceAll("\\.yaml$", "");
            String kindPointer = "/" + escape(kindEntry.getKey());
            ArrayNode list = objects.get(kind);
            if (list == null) {
                problems.add(yaml.at(kindPointer) + ": there is no " + kind + ".yaml to override");
                return;
            }
            if (!kindEntry.getValue().isObject()) {
                problems.add(yaml.at(kindPointer) + ": must map object names to the fields to override");
                return;
            }
            kindEntry.getValue().fields().forEachRemaining(objectEntry -> {
                String objectPointer = kindPointer + "/" + escape(objectEntry.getKey());
                int index = indexOf(list, objectEntry.getKey());
                if (index < 0) {
                    problems.add(yaml.at(objectPointer) + ": " + kind + ".yaml has no object named '"
                            + objectEntry.getKey() + "'");
                } else if (!objectEntry.getValue().isObject()) {
                    problems.add(yaml.at(objectPointer) + ": must map fields to their values here");
                } else {
                    merge((ObjectNode) list.get(index), (ObjectNode) objectEntry.getValue(), kind, "/" + index,
                            yaml, objectPointer);
                }
            });
        });
    }

    private void merge(ObjectNode into, ObjectNode from, String kind, String pointer, LocatedYaml yaml,
                       String overlayPointer) {
        from.fields().forEachRemaining(field -> {
            String at = pointer + "/" + escape(field.getKey());
            String overlayAt = overlayPointer + "/" + escape(field.getKey());
            if (field.getValue().isObject() && into.get(field.getKey()) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) field.getValue(), kind, at, yaml, overlayAt);
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
                overlaid.put(kind + at, new Origin(yaml, overlayAt));
            }
        });
    }

    private void checkNames(List<String> problems) {
        objects.forEach((kind, list) -> {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode name = list.get(i).path("name");
                if (name.isTextual()) {
                    Integer first = seen.putIfAbsent(name.asText(), i);
                    if (first != null) {
                        problems.add(where(kind, "/" + i + "/name") + ": name '" + name.asText() + "' is taken by the"
                                + " object at " + where(kind, "/" + first + "/name") + " too");
                    }
                }
            }
        });
    }

    private void substitute(UnaryOperator<String> environment, List<String> problems) {
        objects.forEach((kind, list) -> {
            for (int i = 0; i < list.size(); i++) {
                substitute(list.get(i), kind, "/" + i, environment, problems);
            }
        });
    }

    private void substitute(JsonNode node, String kind, String pointer, UnaryOperator<String> environment,
                            List<String> problems) {
        expandTree(node, pointer, at -> where(kind, at), ConfigDir::fieldOf, environment, problems);
    }

    /**
     * Sets every {@code ${VAR}} in a tree's texts.
     *
     * @param where a pointer's file and line, for problems
     * @param field a pointer's field, for problems
     */
    private static void expandTree(JsonNode node, String pointer, UnaryOperator<String> where,
                                   UnaryOperator<String> field, UnaryOperator<String> environment,
                                   List<String> problems) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String at = pointer + "/" + escape(member.getKey());
                if (member.getValue().isTextual()) {
                    member.setValue(TextNode.valueOf(expand(member.getValue().asText(), where.apply(at),
                            field.apply(at), environment, problems)));
                } else {
                    expandTree(member.getValue(), at, where, field, environment, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String at = pointer + "/" + i;
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(expand(array.get(i).asText(), where.apply(at), field.apply(at),
                            environment, problems)));
                } else {
                    expandTree(array.get(i), at, where, field, environment, problems);
                }
            }
        }
    }

    private static String expand(String text, String where, String field, UnaryOperator<String> environment,
                                 List<String> problems) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group().equals("$${")) {
                value = "${";
            } else {
                value = environment.apply(m.group(1));
                if (value == null && m.group(2) != null) {
                    value = m.group(3);
                }
                if (value == null) {
                    problems.add(where + ": " + field + ": ${" + m.group(1) + "} is not set in the environment; set it"
                            + " (export " + m.group(1) + "=...) and run again");
                    value = m.group();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void readServices(List<String> problems) {
        Path root = dir.resolve(SERVICES);
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String path = root.relativize(file).toString().replace('\\', '/');
                if (!path.endsWith(".java") && !path.endsWith(".jar")) {
                    problems.add(SERVICES + "/" + path + ": only .java and .jar files can be deployed");
                    continue;
                }
                services.put(path, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            problems.add(SERVICES + "/: cannot be read: " + e.getMessage());
        }
    }

    private void readKvdb(UnaryOperator<String> environment, List<String> problems) {
        Path file = dir.resolve(KVDB);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            LocatedYaml yaml = LocatedYaml.read(file, KVDB);
            if (!yaml.tree().isNull() && !yaml.tree().isObject()) {
                problems.add(yaml.at("") + ": must map keys to values (a text, a list or a map)");
                return;
            }
            kvdb = yaml.tree();
            if (kvdb.isObject()) {
                kvdb.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode() && !e.getValue().isArray() && !e.getValue().isObject()) {
                        problems.add(yaml.at("/" + escape(e.getKey())) + ": must be a text, a list or a map");
                    }
                });
                // ${VAR} set as in the kinds' files
                expandTree(kvdb, "", yaml::at, at -> at.substring(1), environment, problems);
            }
        } catch (ConfigDirException e) {
            problems.addAll(e.problems());
        }
    }

    /** @return the configuration to send: kind key to its objects */
    ObjectNode config() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        objects.forEach(config::set);
        return config;
    }

    /** @return the service files: path under {@code services/} to their bytes, base64 */
    Map<String, String> services() {
        return services;
    }

    /** @return the keys {@code kvdb.yaml} sets, or null when there is none */
    JsonNode kvdb() {
        return kvdb;
    }

    /**
     * @param kind  a kind's key, as the server names it in a problem
     * @param name  the object's name, or null
     * @param index the object's place in its list, or null
     * @param field the field, dotted ({@code rateLimit.per}), or null
     * @return where that is: {@code channels-http.yaml:12}, or the kind's file when the object is not known
     */
    String locate(String kind, String name, Integer index, String field) {
        ArrayNode list = objects.get(kind);
        if (list == null) {
            return kind + ".yaml";
        }
        int i = index != null ? index : name == null ? -1 : indexOf(list, name);
        if (i < 0) {
            return where(kind, "");
        }
        String pointer = "/" + i + (field == null || field.isEmpty() ? "" : "/" + field.replaceAll("\\[(\\d+)]", ".$1")
                .replace('.', '/'));
        return where(kind, pointer);
    }

    /**
     * Checks every kind file against a schema, {@code GET /conduit/admin/config/schema} as
     * {@code export} saves it in {@code schema.json}: its kinds, and each object's fields, their
     * types, values and required names.
     *
     * @return every problem, each at its file and line; none when all is well
     */
    List<String> check(JsonNode schema) {
        JsonNode defs = schema.path("$defs");
        List<String> problems = new ArrayList<>();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_POINTER).typeLoose(true).build()));
        Map<String, Schema> schemas = new HashMap<>();
        objects.forEach((kind, list) -> {
            if (!defs.has(kind + "-file")) {
                List<String> known = new ArrayList<>();
                defs.fieldNames().forEachRemaining(name -> {
                    if (name.endsWith("-file")) {
                        known.add(name.substring(0, name.length() - "-file".length()) + ".yaml");
                    }
                });
                problems.add(kind + ".yaml: no such kind; the cluster's kinds are " + String.join(", ", known));
                return;
            }
            JsonNode branches = defs.path(kind).path("anyOf");
            for (int i = 0; i < list.size(); i++) {
                String ref = "#/$defs/" + escape(kind);
                if (branches.isArray()) {
                    // one of several types: the object's own type picks the one to check it against
                    List<String> types = new ArrayList<>();
                    branches.forEach(b -> types.add(b.at("/properties/type/const").asText()));
                    int branch = types.indexOf(list.get(i).path("type").asText());
                    if (branch < 0) {
                        problems.add(where(kind, "/" + i + "/type") + ": type must be one of " + String.join(", ", types));
                        continue;
                    }
                    ref += "/anyOf/" + branch;
                }
                Schema checked = schemas.computeIfAbsent(ref, r -> {
                    ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
                    wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                    wrapper.set("$defs", defs);
                    wrapper.put("$ref", r);
                    return registry.getSchema(wrapper);
                });
                for (Error error : checked.validate(list.get(i))) {
                    String pointer = "/" + i + error.getInstanceLocation().toString();
                    if ("additionalProperties".equals(error.getKeyword()) && error.getProperty() != null) {
                        pointer += "/" + escape(error.getProperty());
                    }
                    problems.add(where(kind, pointer) + ": " + error.getMessage().replaceFirst("^/[^:]*: ", ""));
                }
            }
        });
        return problems;
    }

    private String where(String kind, String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Origin origin = overlaid.get(kind + p);
            if (origin != null) {
                return origin.file().at(origin.pointer() + pointer.substring(p.length()));
            }
            if (!p.contains("/")) {
                break;
            }
        }
        LocatedYaml file = kinds.get(kind);
        return file == null ? kind + ".yaml" : file.at(pointer);
    }

    private static String fieldOf(String pointer) {
        String[] parts = pointer.split("/");
        return parts.length <= 2 ? "" : String.join(".", List.of(parts).subList(2, parts.length));
    }

    private static int indexOf(ArrayNode list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(list.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new ConfigDirException(dir + ": cannot be read: " + e.getMessage());
        }
    }
}
