package io.conduit.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.conduit.server.odb.Odb;
import io.conduit.server.secrets.SecretBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in the ODB: every object of every kind as one JSON document in
 * {@code config_object} (its secrets sealed with the cluster's key), and every release in
 * {@code config_release} with its changes and the whole configuration it made. A new field of a
 * kind needs no migration: objects stored before it read with its default.
 */
public final class ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);
    private static final int READ_ATTEMPTS = 20;
    /** Every so many releases, one records the whole configuration; the others only what they wrote. */
    static final int CHECKPOINT_EVERY = 50;

    /**
     * The configuration at one version.
     *
     * @param version       the cluster's config version (the newest release's number)
     * @param configuration every object
     */
    public record Snapshot(long version, Configuration configuration) {
    }

    private record Row(String kind, String name, String body) {
    }

    private final Odb odb;
    private final Kinds kinds;
    private final ConfigJson json;
    private final SecretBox secrets;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The objects the latest whole read made, by their row (kind, name and document): unchanged ones are not bound again. */
    private volatile Map<Row, Configured> restored = Map.of();

    public ConfigStore(Odb odb, Kinds kinds, ConfigJson json, SecretBox secrets) {
        this.odb = odb;
        this.kinds = kinds;
        this.json = json;
        this.secrets = secrets;
    }

    /** @return the kinds stored */
    public Kinds kinds() {
        return kinds;
    }

    /**
     * @return the whole configuration and its version, read as one: a change committed while it is
     *     read makes it read again, so no node ever applies half of a release
     */
    public Snapshot snapshot() {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            Optional<Snapshot> read = odb.read(h -> {
                long version = version(h);
                List<Row> rows = h.createQuery("SELECT kind, name, body FROM config_object")
                        .map((rs, ctx) -> new Row(rs.getString("kind"), rs.getString("name"), rs.getString("body")))
                        .list();
                return version(h) == version ? Optional.of(new Snapshot(version, configuration(rows)))
                        : Optional.<Snapshot>empty();
            });
            if (read.isPresent()) {
                return read.get();
            }
        }
        throw new IllegalStateException("the configuration kept changing while it was read; try again");
    }

    /** @return every object of a kind, by name */
    public <T extends Configured> List<T> list(Kind<T> kind) {
        return odb.read(h -> h.createQuery("SELECT kind, name, body FROM config_object WHERE kind = :kind ORDER BY name")
                .bind("kind", kind.key())
                .map((rs, ctx) -> new Row(rs.getString("kind"), rs.getString("name"), rs.getString("body"))).list())
                .stream().map(r -> restore(kind, r)).toList();
    }

    /** @return the object of a kind with that name, if any */
    public <T extends Configured> Optional<T> find(Kind<T> kind, String name) {
        return odb.read(h -> h.createQuery("SELECT kind, name, body FROM config_object WHERE kind = :kind AND name = :name")
                .bind("kind", kind.key()).bind("name", name)
                .map((rs, ctx) -> new Row(rs.getString("kind"), rs.getString("name"), rs.getString("body")))
                .findOne()).map(r -> restore(kind, r));
    }

    /**
     * Stores a new configuration as one release, in one transaction with the version it makes.
     *
     * @param base    the version the change was made from; refused if another release came since
     * @param after   the whole configuration wanted
     * @param changes what differs from the configuration at {@code base}
     * @param author  who makes it, and how
     * @param summary one line for the list of releases
     * @return the release made
     * @throws StaleReleaseException if the newest release is no longer {@code base}
     */
    public Release commit(long base, Configuration after, List<Change> changes, Release.Author author,
                          String summary, Instant at, AlsoWrite also) {
        return odb.change(h -> {
            long newest = h.createQuery("SELECT version FROM config_version WHERE id = 1 FOR UPDATE")
                    .mapTo(Long.class).one();
            if (newest != base) {
                Optional<Release> latest = release(h, newest);
                throw new StaleReleaseException(base, newest, latest.map(Release::by).orElse(null),
                        latest.map(r -> r.at().toString()).orElse(null));
            }
            for (Change change : changes) {
                Optional<Kind<?>> ofKind = kinds.byKey(change.kind());
                if (ofKind.isEmpty()) {
                    continue;
                }
                Kind<?> kind = ofKind.get();
                h.createUpdate("DELETE FROM config_object WHERE kind = :kind AND name = :name")
                        .bind("kind", kind.key()).bind("name", change.name()).execute();
                if (change.op() != Change.Op.REMOVE) {
                    insert(h, kind, change.name(), after);
                }
            }
            JsonNode services = also.write(h);
            Release release = new Release(newest + 1, at, author.by(), author.source(), author.from(), summary, changes);
            h.createUpdate("INSERT INTO config_release (number, at, by_user, source, origin, summary, changes, delta,"
                            + " config, services) VALUES (:number, :at, :by, :source, :origin, :summary, :changes,"
                            + " :delta, :config, :services)")
                    .bind("services", services == null ? null : write(services))
                    .bind("number", release.number()).bind("at", at.toEpochMilli()).bind("by", author.by())
                    .bind("source", author.source()).bind("origin", author.from()).bind("summary", summary)
                    .bind("changes", write(changes)).bind("delta", write(delta(changes, after)))
                    .bind("config", release.number() % CHECKPOINT_EVERY == 0 ? write(sealed(after)) : null).execute();
            return release;
        });
    }

    private <T extends Configured> void insert(Handle h, Kind<T> kind, String name, Configuration after) {
        T object = after.find(kind, name).orElseThrow();
        h.createUpdate("INSERT INTO config_object (kind, name, body) VALUES (:kind, :name, :body)")
                .bind("kind", kind.key()).bind("name", name).bind("body", write(sealed(object))).execute();
    }

    /** What a release writes beside the configuration, in its transaction: the deployed services. */
    @FunctionalInterface
    public interface AlsoWrite {
        /**
         * @param h the release's transaction
         * @return the deployed services after the release, as the release records them (null for unknown)
         */
        JsonNode write(Handle h);
    }

    /** @return the deployed services a release recorded (deployment name to its version and SHA-256), if any */
    public Optional<JsonNode> servicesAt(long number) {
        return odb.read(h -> h.createQuery("SELECT services FROM config_release WHERE number = :number")
                .bind("number", number).mapTo(String.class).findOne()).map(this::read);
    }

    /** @return the newest releases, newest first */
    public List<Release> releases(int limit) {
        return odb.read(h -> h.createQuery("SELECT number, at, by_user, source, origin, summary, changes FROM"
                        + " config_release ORDER BY number DESC").setMaxRows(limit)
                .map((rs, ctx) -> release(rs.getLong("number"), rs.getLong("at"), rs.getString("by_user"),
                        rs.getString("source"), rs.getString("origin"), rs.getString("summary"), rs.getString("changes")))
                .list());
    }

    /** @return the release of that number, if any */
    public Optional<Release> release(long number) {
        return odb.read(h -> release(h, number));
    }

    private Optional<Release> release(Handle h, long number) {
        return h.createQuery("SELECT number, at, by_user, source, origin, summary, changes FROM config_release"
                        + " WHERE number = :number").bind("number", number)
                .map((rs, ctx) -> release(rs.getLong("number"), rs.getLong("at"), rs.getString("by_user"),
                        rs.getString("source"), rs.getString("origin"), rs.getString("summary"), rs.getString("changes")))
                .findOne();
    }

    /**
     * @return the whole configuration a release made, if the release is there: the newest checkpoint
     *     at or before it, with the objects every later release up to it wrote
     */
    public Optional<Configuration> configurationAt(long number) {
        return odb.read(h -> {
            if (release(h, number).isEmpty()) {
                return Optional.<Configuration>empty();
            }
            Map.Entry<Long, String> checkpoint = h.createQuery("SELECT number, config FROM config_release WHERE number <="
                            + " :number AND config IS NOT NULL ORDER BY number DESC").bind("number", number).setMaxRows(1)
                    .map((rs, ctx) -> Map.entry(rs.getLong("number"), rs.getString("config"))).findOne()
                    .orElseThrow(() -> new IllegalStateException("no release up to " + number
                            + " holds the whole configuration"));
            Configuration configuration = fromDocument(checkpoint.getValue());
            List<String> deltas = h.createQuery("SELECT delta FROM config_release WHERE number > :from AND number <= :to"
                            + " ORDER BY number").bind("from", checkpoint.getKey())
                    .bind("to", number).mapTo(String.class).list();
            for (String delta : deltas) {
                configuration = withDelta(configuration, delta);
            }
            return Optional.of(configuration);
        });
    }

    /** @return what a release wrote: kind to object name to its document (secrets sealed), or null when removed */
    private ObjectNode delta(List<Change> changes, Configuration after) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        for (Change change : changes) {
            kinds.byKey(change.kind()).ifPresent(kind -> {
                ObjectNode ofKind = delta.has(kind.key()) ? (ObjectNode) delta.get(kind.key()) : delta.putObject(kind.key());
                if (change.op() == Change.Op.REMOVE) {
                    ofKind.putNull(change.name());
                } else {
                    ofKind.set(change.name(), sealed(after.find(kind, change.name()).orElseThrow()));
                }
            });
        }
        return delta;
    }

    private Configuration withDelta(Configuration configuration, String text) {
        if (text == null) {
            return configuration;
        }
        Configuration result = configuration;
        for (var kindEntry : iterable(read(text).fields())) {
            Optional<Kind<?>> kind = kinds.byKey(kindEntry.getKey());
            if (kind.isEmpty()) {
                continue;
            }
            for (var object : iterable(kindEntry.getValue().fields())) {
                result = object.getValue().isNull() ? result.without(kind.get(), object.getKey())
                        : add(result, kind.get(), new Row(kind.get().key(), object.getKey(), object.getValue().toString()));
            }
        }
        return result;
    }

    private static <E> Iterable<E> iterable(java.util.Iterator<E> iterator) {
        return () -> iterator;
    }

    private Release release(long number, long at, String by, String source, String from, String summary,
                            String changes) {
        try {
            return new Release(number, Instant.ofEpochMilli(at), by, source, from, summary,
                    mapper.readValue(changes, new TypeReference<List<Change>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("release " + number + " holds changes that are not JSON", e);
        }
    }

    /**
     * Seals again, with the current key, every secret not sealed with it (after a key rotation, or
     * written before secrets were sealed), in the objects and in every release.
     *
     * @return how many secrets of objects were sealed again (those of releases are not counted)
     */
    public int resealAll() {
        List<Row> stale = new ArrayList<>();
        List<long[]> staleReleases = new ArrayList<>();
        odb.use(h -> {
            h.createQuery("SELECT kind, name, body FROM config_object")
                    .map((rs, ctx) -> new Row(rs.getString("kind"), rs.getString("name"), rs.getString("body")))
                    .forEach(r -> {
                        if (kinds.byKey(r.kind()).isPresent() && !allCurrent(kinds.byKey(r.kind()).get(), read(r.body()))) {
                            stale.add(r);
                        }
                    });
            h.createQuery("SELECT number, delta, config FROM config_release").map((rs, ctx) -> {
                if (!allCurrent(rs.getString("delta")) || !allCurrent(rs.getString("config"))) {
                    staleReleases.add(new long[] {rs.getLong("number")});
                }
                return 0;
            }).list();
        });
        if (stale.isEmpty() && staleReleases.isEmpty()) {
            return 0;
        }
        // one change: every node reads the configuration again, and so learns the new key (see SecretBox)
        odb.change(h -> {
            for (Row r : stale) {
                Kind<?> kind = kinds.byKey(r.kind()).orElseThrow();
                h.createUpdate("UPDATE config_object SET body = :body WHERE kind = :kind AND name = :name")
                        .bind("body", write(sealed(restore(kind, r)))).bind("kind", r.kind()).bind("name", r.name())
                        .execute();
            }
            for (long[] n : staleReleases) {
                String[] row = h.createQuery("SELECT delta, config FROM config_release WHERE number = :n")
                        .bind("n", n[0]).map((rs, ctx) -> new String[] {rs.getString("delta"), rs.getString("config")})
                        .one();
                h.createUpdate("UPDATE config_release SET delta = :delta, config = :config WHERE number = :n")
                        .bind("delta", resealed(row[0])).bind("config", resealed(row[1])).bind("n", n[0]).execute();
            }
            long number = version(h) + 1;
            h.createUpdate("INSERT INTO config_release (number, at, by_user, source, origin, summary, changes, delta,"
                            + " config, services) SELECT :number, :at, 'conduit', 'api', NULL, :summary, '[]', '{}', NULL,"
                            + " services FROM config_release WHERE number = (SELECT MAX(number) FROM config_release)")
                    .bind("number", number).bind("at", System.currentTimeMillis())
                    .bind("summary", "every secret sealed again with the current key").execute();
            return null;
        });
        return stale.stream().mapToInt(r -> staleSecrets(kinds.byKey(r.kind()).orElseThrow(), read(r.body()))).sum();
    }

    /** @return whether every secret of a release's document (a whole configuration or a delta) is sealed with the current key */
    private boolean allCurrent(String document) {
        boolean[] current = {true};
        objectsOf(document, (kind, object) -> current[0] &= allCurrent(kind, object));
        return current[0];
    }

    /** @return a release's document with every secret sealed again with the current key */
    private String resealed(String document) {
        if (document == null) {
            return null;
        }
        ObjectNode tree = read(document);
        objectsOf(tree, (kind, object) -> ConfigJson.mapSecrets(json.recordOf(kind, null, object), object,
                (path, sealed) -> sealed == null ? null : TextNode.valueOf(secrets.seal(secrets.open(sealed,
                        kind.what() + " '" + object.path("name").asText() + "'")))));
        return write(tree);
    }

    private void objectsOf(String document, java.util.function.BiConsumer<Kind<?>, ObjectNode> each) {
        if (document != null) {
            objectsOf(read(document), each);
        }
    }

    /** Calls {@code each} with every object of a document: kind to a list of objects, or to names to objects (or nulls). */
    private void objectsOf(ObjectNode document, java.util.function.BiConsumer<Kind<?>, ObjectNode> each) {
        document.fields().forEachRemaining(e -> kinds.byKey(e.getKey()).ifPresent(kind -> e.getValue().forEach(o -> {
            if (o instanceof ObjectNode object) {
                each.accept(kind, object);
            }
        })));
    }

    private boolean allCurrent(Kind<?> kind, ObjectNode tree) {
        return staleSecrets(kind, tree) == 0;
    }

    private int staleSecrets(Kind<?> kind, ObjectNode tree) {
        int[] stale = {0};
        ConfigJson.mapSecrets(json.recordOf(kind, null, tree), tree.deepCopy(), (path, sealed) -> {
            stale[0] += sealed == null || secrets.sealedWithCurrentKey(sealed) ? 0 : 1;
            return null;
        });
        return stale[0];
    }

    /** @return the configuration as a document: kind key to a list of objects, secrets sealed */
    private ObjectNode sealed(Configuration configuration) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        for (Kind<?> kind : kinds.all()) {
            ArrayNode objects = document.putArray(kind.key());
            configuration.list(kind).forEach(o -> objects.add(sealed(o)));
        }
        return document;
    }

    private ObjectNode sealed(Configured object) {
        ObjectNode tree = json.tree(object);
        ConfigJson.mapSecrets(object.getClass(), tree, (path, plain) -> plain == null ? null
                : TextNode.valueOf(secrets.seal(plain)));
        return tree;
    }

    private Configuration fromDocument(String text) {
        ObjectNode document = read(text);
        Configuration.Builder configuration = new Configuration.Builder(kinds);
        for (Kind<?> kind : kinds.all()) {
            for (JsonNode object : document.path(kind.key())) {
                configuration.add(kind, restore(kind, new Row(kind.key(), object.path("name").asText(), object.toString())));
            }
        }
        return configuration.build();
    }

    /**
     * @return the configuration the rows hold; an object whose document did not change since the last
     *     read is taken as it was read then, so a node of a big configuration binds only what changed
     */
    private Configuration configuration(List<Row> rows) {
        Configuration.Builder configuration = new Configuration.Builder(kinds);
        Map<Row, Configured> known = restored;
        Map<Row, Configured> now = new java.util.HashMap<>();
        Set<String> unknown = new HashSet<>();
        for (Row row : rows) {
            Optional<Kind<?>> kind = kinds.byKey(row.kind());
            if (kind.isEmpty()) {
                unknown.add(row.kind());
                continue;
            }
            Configured object = known.get(row);
            if (object == null) {
                object = restore(kind.get(), row);
            }
            now.put(row, object);
            configuration.add(kind.get(), object);
        }
        restored = now;
        if (!unknown.isEmpty()) {
            LOG.warn("Config - the ODB holds objects of kinds this node does not know, left alone: {}", unknown);
        }
        return configuration.build();
    }

    private <T extends Configured> Configuration add(Configuration configuration, Kind<T> kind, Row row) {
        return configuration.with(kind, restore(kind, row));
    }

    private <T extends Configured> T restore(Kind<T> kind, Row row) {
        ObjectNode tree = read(row.body());
        String what = kind.what() + " '" + row.name() + "'";
        ConfigJson.mapSecrets(json.recordOf(kind, row.name(), tree), tree, (path, sealed) -> sealed == null ? null
                : TextNode.valueOf(secrets.open(sealed, what)));
        return json.restore(kind, tree);
    }

    private static long version(Handle h) {
        return h.createQuery("SELECT version FROM config_version WHERE id = 1").mapTo(Long.class).one();
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ODB holds a configuration document that is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
