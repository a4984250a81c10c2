package io.conduit.server.odb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * One kind of configuration entry (channels, connections, security definitions...) in a table of
 * its own, each entry known by its unique {@code name}. Every write is one {@link Odb#change}: it
 * bumps the config version and the cluster applies it, so no caller can forget to.
 *
 * @param <T> the entry
 */
public class ConfigTable<T> {

    /** Writes an entry's row. */
    @FunctionalInterface
    public interface Inserter<T> {
        void insert(Handle handle, T entry);
    }

    /** Runs inside an entry's create or update, just before its row is written: checks, and rows that refer to it. */
    @FunctionalInterface
    public interface BeforeWrite<T> {
        /**
         * @param replacing the name of the entry being replaced (its row is gone already), or null for a new one
         * @throws OdbConflictException to refuse the write
         */
        void writing(Handle handle, String replacing, T entry);
    }

    private final Odb odb;
    private final String what;
    private final String table;
    private final RowMapper<T> mapper;
    private final Function<T, String> nameOf;
    private final Inserter<T> inserter;
    private final BeforeWrite<T> beforeWrite;

    /**
     * @param what       what an entry is, in messages: "HTTP channel"
     * @param table      its table, with a {@code name} column
     * @param mapper     reads a row
     * @param nameOf     an entry's name
     * @param beforeWrite runs before a row is written, in the same transaction
     * @param inserter    writes a row
     */
    public ConfigTable(Odb odb, String what, String table, RowMapper<T> mapper, Function<T, String> nameOf,
                       BeforeWrite<T> beforeWrite, Inserter<T> inserter) {
        this.odb = odb;
        this.what = what;
        this.table = table;
        this.mapper = mapper;
        this.nameOf = nameOf;
        this.inserter = inserter;
        this.beforeWrite = beforeWrite;
    }

    /** A table whose rows are written by an INSERT binding the entry's accessors by name. */
    public ConfigTable(Odb odb, String what, String table, RowMapper<T> mapper, Function<T, String> nameOf,
                       String insert) {
        this(odb, what, table, mapper, nameOf, (h, replacing, entry) -> { },
                (h, entry) -> h.createUpdate(insert).bindMethods(entry).execute());
    }

    /** @return the ODB the table lives in, for a subclass's own statements */
    protected Odb odb() {
        return odb;
    }

    /** @return what an entry is, in messages */
    public String what() {
        return what;
    }

    /** @return every entry, by name */
    public List<T> list() {
        return odb.read(h -> h.createQuery("SELECT * FROM " + table + " ORDER BY name").map(mapper).list());
    }

    /** @return the entry of that name, if any */
    public Optional<T> find(String name) {
        return odb.read(h -> find(h, name));
    }

    /** @throws NoSuchEntryException if there is none of that name */
    public T get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** @throws OdbConflictException if the name is taken */
    public void create(T entry) {
        odb.change(h -> {
            if (find(h, nameOf.apply(entry)).isPresent()) {
                throw new OdbConflictException(article() + " " + what + " named '" + nameOf.apply(entry)
                        + "' already exists");
            }
            beforeWrite.writing(h, null, entry);
            inserter.insert(h, entry);
            return null;
        });
    }

    /**
     * Replaces the entry {@code name} (which the new one may rename).
     *
     * @throws NoSuchEntryException if there is none of that name
     */
    public void update(String name, T entry) {
        odb.change(h -> {
            if (h.createUpdate("DELETE FROM " + table + " WHERE name = :name").bind("name", name).execute() == 0) {
                throw notFound(name);
            }
            if (!name.equals(nameOf.apply(entry)) && find(h, nameOf.apply(entry)).isPresent()) {
                throw new OdbConflictException(article() + " " + what + " named '" + nameOf.apply(entry)
                        + "' already exists");
            }
            beforeWrite.writing(h, name, entry);
            inserter.insert(h, entry);
            return null;
        });
    }

    /** @throws NoSuchEntryException if there is none of that name */
    public void delete(String name) {
        odb.change(h -> {
            if (h.createUpdate("DELETE FROM " + table + " WHERE name = :name").bind("name", name).execute() == 0) {
                throw notFound(name);
            }
            return null;
        });
    }

    /**
     * Seals again every secret of a column that is not sealed with the current key: those sealed
     * with an older key (after a rotation) and those written before secrets were sealed. One change,
     * so every node reloads the entries.
     *
     * @param column  the column of sealed secrets
     * @param current whether a stored value is sealed with the current key
     * @param reseal  a stored value and its entry's name, to the value sealed with the current key
     * @return how many secrets were sealed again
     */
    protected int reseal(String column, Predicate<String> current, BinaryOperator<String> reseal) {
        Map<String, String> stale = odb.read(h -> h.createQuery("SELECT name, " + column + " AS secret FROM " + table)
                .reduceRows(new LinkedHashMap<String, String>(), (m, row) -> {
                    String secret = row.getColumn("secret", String.class);
                    if (secret != null && !current.test(secret)) {
                        m.put(row.getColumn("name", String.class), secret);
                    }
                    return m;
                }));
        if (stale.isEmpty()) {
            return 0;
        }
        return odb.change(h -> {
            int n = 0;
            for (Map.Entry<String, String> e : stale.entrySet()) {
                n += h.createUpdate("UPDATE " + table + " SET " + column + " = :sealed WHERE name = :name AND "
                                + column + " = :was")
                        .bind("sealed", reseal.apply(e.getValue(), e.getKey())).bind("name", e.getKey())
                        .bind("was", e.getValue()).execute();
            }
            return n;
        });
    }

    private Optional<T> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM " + table + " WHERE name = :name").bind("name", name).map(mapper)
                .findOne();
    }

    private NoSuchEntryException notFound(String name) {
        return new NoSuchEntryException("no " + what + " named '" + name + "'");
    }

    private String article() {
        return "aeiouAEIOU".indexOf(what.charAt(0)) >= 0 || what.startsWith("HTTP") ? "an" : "a";
    }
}
