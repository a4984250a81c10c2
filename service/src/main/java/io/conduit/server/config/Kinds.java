package io.conduit.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured kind of the node, in the order they are written (a kind before those that name
 * it). Adding a kind to Conduit is a record with its {@link Kind} and one line in this list.
 */
public final class Kinds {

    private final List<Kind<?>> all;
    private final Map<String, Kind<?>> byKey = new LinkedHashMap<>();

    public Kinds(List<Kind<?>> all) {
        this.all = List.copyOf(all);
        for (Kind<?> kind : all) {
            if (byKey.put(kind.key(), kind) != null) {
                throw new IllegalArgumentException("two kinds are served at " + kind.path());
            }
        }
    }

    /** @return every kind, in order */
    public List<Kind<?>> all() {
        return all;
    }

    /** @return the kind of that key ({@code outgoing-sql}) or file name ({@code outgoing-sql.yaml}) */
    public Optional<Kind<?>> byKey(String key) {
        return Optional.ofNullable(byKey.get(key.endsWith(".yaml") ? key.substring(0, key.length() - 5) : key));
    }

    /** @return the keys of every kind, for messages */
    public List<String> keys() {
        return List.copyOf(byKey.keySet());
    }
}
