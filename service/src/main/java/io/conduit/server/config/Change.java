package io.conduit.server.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a release changes in one object, field by field. A secret field shows as changed, never
 * with its value.
 *
 * @param kind   the kind's key, e.g. {@code channels-http}, or {@code services}
 * @param name   the object's name
 * @param op     added, changed or removed
 * @param fields each field that differs, with its value before and after ({@code ***} for a secret)
 */
public record Change(String kind, String name, Op op, List<Field> fields) {

    /** What happened to the object. */
    public enum Op {
        ADD, CHANGE, REMOVE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One field's change.
     *
     * @param field a dotted path, e.g. {@code rateLimit.requests}
     * @param from  its value before, or null
     * @param to    its value after, or null
     */
    public record Field(String field, JsonNode from, JsonNode to) {
    }

    /** @return a line for people: {@code ~ channels-http 'orders': urlPath "/a" -> "/b"} */
    public String describe() {
        String head = switch (op) {
            case ADD -> "+ ";
            case CHANGE -> "~ ";
            case REMOVE -> "- ";
        } + kind + " '" + name + "'";
        return fields.isEmpty() ? head : head + ": " + fields.stream()
                .map(f -> f.field() + " " + f.from() + " -> " + f.to()).collect(Collectors.joining(", "));
    }

    /**
     * @param json     turns objects into trees
     * @param before   the configuration now
     * @param after    the configuration wanted
     * @return every object added, changed or removed, kind by kind in order, names sorted
     */
    public static List<Change> between(ConfigJson json, Configuration before, Configuration after) {
        List<Change> changes = new ArrayList<>();
        for (Kind<?> kind : after.kinds().all()) {
            between(json, kind, before, after, changes);
        }
        return changes;
    }

    private static <T extends Configured> void between(ConfigJson json, Kind<T> kind, Configuration before,
                                                       Configuration after, List<Change> into) {
        Set<String> names = new TreeSet<>();
        before.list(kind).forEach(o -> names.add(o.name()));
        after.list(kind).forEach(o -> names.add(o.name()));
        for (String name : names) {
            T was = before.find(kind, name).orElse(null);
            T is = after.find(kind, name).orElse(null);
            if (was == null) {
                into.add(new Change(kind.key(), name, Op.ADD, fields(json, null, is)));
            } else if (is == null) {
                into.add(new Change(kind.key(), name, Op.REMOVE, List.of()));
            } else if (!was.equals(is)) {
                into.add(new Change(kind.key(), name, Op.CHANGE, fields(json, was, is)));
            }
        }
    }

    private static List<Field> fields(ConfigJson json, Configured was, Configured is) {
        ObjectNode from = was == null ? json.tree(is).deepCopy().removeAll() : masked(json, was);
        ObjectNode to = masked(json, is);
        if (was != null && !was.getClass().equals(is.getClass())) {
            from.put("type", from.path("type").asText());
        }
        List<Field> fields = new ArrayList<>();
        diff("", from, to, fields);
        if (was != null) {
            secretsChanged(json, was, is, fields);
        }
        return fields;
    }

    /** A tree whose secrets read {@code ***} (or null when unset), so no diff shows a value. */
    private static ObjectNode masked(ConfigJson json, Configured object) {
        ObjectNode tree = json.tree(object);
        ConfigJson.mapSecrets(object.getClass(), tree, (path, value) -> value == null ? null : TextNode.valueOf(Secret.MASK));
        return tree;
    }

    /** Masked secrets that differ only in value read alike: report them as changed anyway. */
    private static void secretsChanged(ConfigJson json, Configured was, Configured is, List<Field> fields) {
        ObjectNode before = json.tree(was);
        ObjectNode after = json.tree(is);
        for (List<String> path : ConfigJson.secretPaths(is.getClass())) {
            String field = String.join(".", path);
            JsonNode a = at(before, path);
            JsonNode b = at(after, path);
            boolean listed = fields.stream().anyMatch(f -> f.field().equals(field));
            if (!listed && !Objects.equals(a, b)) {
                fields.add(new Field(field, TextNode.valueOf(Secret.MASK), TextNode.valueOf(Secret.MASK)));
            }
        }
    }

    private static JsonNode at(JsonNode tree, List<String> path) {
        JsonNode node = tree;
        for (String p : path) {
            node = node == null ? null : node.get(p);
        }
        return node == null || node.isNull() ? null : node;
    }

    private static void diff(String prefix, JsonNode from, JsonNode to, List<Field> into) {
        Set<String> keys = new TreeSet<>();
        from.fieldNames().forEachRemaining(keys::add);
        to.fieldNames().forEachRemaining(keys::add);
        List<String> ordered = new ArrayList<>();
        for (Iterator<String> it = to.fieldNames(); it.hasNext(); ) {
            ordered.add(it.next());
        }
        keys.stream().filter(k -> !ordered.contains(k)).forEach(ordered::add);
        for (String key : ordered) {
            JsonNode a = nullToNothing(from.get(key));
            JsonNode b = nullToNothing(to.get(key));
            if (Objects.equals(a, b)) {
                continue;
            }
            if (a instanceof ObjectNode ao && b instanceof ObjectNode bo) {
                diff(prefix + key + ".", ao, bo, into);
            } else {
                into.add(new Field(prefix + key, a, b));
            }
        }
    }

    private static JsonNode nullToNothing(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
