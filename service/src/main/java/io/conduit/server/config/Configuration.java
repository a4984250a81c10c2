package io.conduit.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A whole configuration: every object of every kind, by name. Immutable: a change makes a new one,
 * which is checked as a whole (every reference resolves, every kind's rules hold) before it is
 * stored, so the cluster never holds half of a change.
 */
public final class Configuration {

    private final Kinds kinds;
    private final Map<Kind<?>, SortedMap<String, Configured>> objects;

    private Configuration(Kinds kinds, Map<Kind<?>, SortedMap<String, Configured>> objects) {
        this.kinds = kinds;
        this.objects = objects;
    }

    /** @return a configuration with nothing in it */
    public static Configuration empty(Kinds kinds) {
        Map<Kind<?>, SortedMap<String, Configured>> objects = new LinkedHashMap<>();
        kinds.all().forEach(k -> objects.put(k, Collections.unmodifiableSortedMap(new TreeMap<>())));
        return new Configuration(kinds, Collections.unmodifiableMap(objects));
    }

    /** Gathers many objects, then makes one configuration of them (one copy, not one per object). */
    public static final class Builder {
        private final Kinds kinds;
        private final Map<Kind<?>, SortedMap<String, Configured>> objects = new LinkedHashMap<>();

        public Builder(Kinds kinds) {
            this.kinds = kinds;
            kinds.all().forEach(k -> objects.put(k, new TreeMap<>()));
        }

        /** Adds an object, or replaces the one of its name. */
        public Builder add(Kind<?> kind, Configured object) {
            objects.get(kind).put(object.name(), kind.cast(object));
            return this;
        }

        public Configuration build() {
            Map<Kind<?>, SortedMap<String, Configured>> frozen = new LinkedHashMap<>();
            objects.forEach((k, m) -> frozen.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(m))));
            return new Configuration(kinds, Collections.unmodifiableMap(frozen));
        }
    }

    /** @return the kinds it may hold */
    public Kinds kinds() {
        return kinds;
    }

    /** @return every object of a kind, by name */
    public <T extends Configured> List<T> list(Kind<T> kind) {
        return of(kind).values().stream().map(kind::cast).toList();
    }

    /** @return the object of a kind with that name, if any */
    public <T extends Configured> Optional<T> find(Kind<T> kind, String name) {
        return Optional.ofNullable(of(kind).get(name)).map(kind::cast);
    }

    /** @return how many objects it holds in all */
    public int size() {
        return objects.values().stream().mapToInt(Map::size).sum();
    }

    /** @return this configuration with the object added, or replacing the one of its name */
    public <T extends Configured> Configuration with(Kind<T> kind, T object) {
        return changed(kind, m -> m.put(object.name(), object));
    }

    /** @return this configuration without the object of that name */
    public Configuration without(Kind<?> kind, String name) {
        return changed(kind, m -> m.remove(name));
    }

    /** @return this configuration with {@code name} replaced by {@code object}, which may rename it */
    public <T extends Configured> Configuration replacing(Kind<T> kind, String name, T object) {
        return changed(kind, m -> {
            m.remove(name);
            m.put(object.name(), object);
        });
    }

    /**
     * @return this configuration as it is stored over {@code current}: each object settled by its kind
     *     against the one of its name there (see {@link Kind#settledBy})
     */
    public Configuration settledOver(Configuration current) {
        Configuration settled = this;
        for (Kind<?> kind : kinds.all()) {
            for (Configured object : of(kind).values()) {
                Configured was = current.objects.containsKey(kind) ? current.of(kind).get(object.name()) : null;
                Configured stored = kind.settle(object, was);
                if (stored != object) {
                    settled = settled.changed(kind, m -> m.put(stored.name(), stored));
                }
            }
        }
        return settled;
    }

    private Configuration changed(Kind<?> kind, java.util.function.Consumer<SortedMap<String, Configured>> change) {
        Map<Kind<?>, SortedMap<String, Configured>> next = new LinkedHashMap<>(objects);
        SortedMap<String, Configured> of = new TreeMap<>(of(kind));
        change.accept(of);
        next.put(kind, Collections.unmodifiableSortedMap(of));
        return new Configuration(kinds, Collections.unmodifiableMap(next));
    }

    private SortedMap<String, Configured> of(Kind<?> kind) {
        SortedMap<String, Configured> of = objects.get(kind);
        if (of == null) {
            throw new IllegalArgumentException("not a kind of this configuration: " + kind);
        }
        return of;
    }

    /**
     * @param serviceExists whether a service of that name is (or will be) deployed, or null not to
     *                      check what names services (an admin API write may name a service that is
     *                      deployed later; an apply declares the whole)
     * @return what is wrong with the configuration as a whole: names that refer to nothing, and each
     *     kind's rules
     */
    public List<Problem> problems(Predicate<String> serviceExists) {
        return problems(serviceExists, (kind, name) -> true);
    }

    /**
     * @param serviceExists whether a service is (or will be) deployed, or null not to check services
     * @param servicesOf    whose names of services to check (kind key, object name): an apply checks those of
     *                      the objects it brings, not those an admin API write made before their service came
     * @return what is wrong with the configuration as a whole
     */
    public List<Problem> problems(Predicate<String> serviceExists, BiPredicate<String, String> servicesOf) {
        List<Problem> problems = new ArrayList<>();
        for (Kind<?> kind : kinds.all()) {
            check(kind, serviceExists, servicesOf, problems);
        }
        return problems;
    }

    private <T extends Configured> void check(Kind<T> kind, Predicate<String> serviceExists,
                                              BiPredicate<String, String> servicesOf, List<Problem> problems) {
        List<T> all = list(kind);
        for (T object : all) {
            for (Kind.Reference<T> ref : kind.references()) {
                for (String name : ref.names().apply(object)) {
                    if (ref.target() == null) {
                        if (serviceExists != null && servicesOf.test(kind.key(), object.name())
                                && !serviceExists.test(name)) {
                            problems.add(new Problem(kind.key(), object.name(), ref.field(), "names service '" + name
                                    + "', which is not deployed (nor among the services to deploy)"));
                        }
                    } else if (!of(ref.target()).containsKey(name)) {
                        problems.add(new Problem(kind.key(), object.name(), ref.field(), "names " + ref.target().what()
                                + " '" + name + "', which does not exist; create it first"));
                    } else if (!ref.fits().test(of(ref.target()).get(name))) {
                        problems.add(new Problem(kind.key(), object.name(), ref.field(), "names " + ref.target().what()
                                + " '" + name + "', which a " + kind.what() + " cannot use: name " + ref.fitting()));
                    }
                }
            }
        }
        for (Kind.Rule<T> rule : kind.rules()) {
            rule.check(all, (object, field, message) -> problems.add(new Problem(kind.key(), object.name(), field,
                    message, true)));
        }
    }

    /** @return the objects that name {@code name} of {@code kind}, as {@code HTTP channel 'orders'} */
    public List<String> referrers(Kind<?> kind, String name) {
        List<String> referrers = new ArrayList<>();
        for (Kind<?> other : kinds.all()) {
            addReferrers(other, kind, name, referrers);
        }
        return referrers;
    }

    private <T extends Configured> void addReferrers(Kind<T> other, Kind<?> kind, String name, List<String> into) {
        for (T object : list(other)) {
            for (Kind.Reference<T> ref : other.references()) {
                if (kind.equals(ref.target()) && ref.names().apply(object).contains(name)) {
                    into.add(other.what() + " '" + object.name() + "'");
                }
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Configuration c && c.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }

    @Override
    public String toString() {
        return "Configuration" + objects;
    }
}
