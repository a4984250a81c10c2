package io.conduit.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A kind of configured object (HTTP channels, outgoing SQL connections, security definitions...),
 * declared once beside its record: where the admin API serves it, what it is called in messages,
 * which other objects its fields name, and any rule over all objects of the kind. Storage, the
 * admin resource, the JSON Schema, export and apply, and the dashboard's form all follow from
 * this and from the record's own annotations.
 *
 * @param <T> the record
 */
public final class Kind<T extends Configured> {

    /**
     * A field that names an object of another kind, or a service.
     *
     * @param field  the field, as in JSON
     * @param target the kind named, or null for a service
     * @param names  the names the field holds in an object (none when unset)
     * @param fits   whether an object named can serve here (a channel cannot use every security definition)
     * @param fitting what objects can serve here, for messages; null when any can
     */
    public record Reference<T>(String field, Kind<?> target, Function<T, List<String>> names,
                               Predicate<Configured> fits, String fitting) {
    }

    /** A rule over all objects of a kind at once, e.g. that no two channels serve the same requests. */
    @FunctionalInterface
    public interface Rule<T> {
        /**
         * @param objects  every object of the kind, as it would be
         * @param findings where to report, per object
         */
        void check(List<T> objects, Findings<T> findings);
    }

    /** Where a {@link Rule} reports. */
    @FunctionalInterface
    public interface Findings<T> {
        /**
         * @param object  the object at fault
         * @param field   its field at fault
         * @param message what is wrong
         */
        void add(T object, String field, String message);
    }

    private final String path;
    private final String what;
    private final Class<T> type;
    private final List<Reference<T>> references;
    private final List<Rule<T>> rules;
    private final Set<String> viewOnly;
    private final BinaryOperator<T> settle;

    private Kind(String path, String what, Class<T> type, List<Reference<T>> references, List<Rule<T>> rules,
                 Set<String> viewOnly, BinaryOperator<T> settle) {
        this.path = path;
        this.what = what;
        this.type = type;
        this.references = List.copyOf(references);
        this.rules = List.copyOf(rules);
        this.viewOnly = Set.copyOf(viewOnly);
        this.settle = settle;
    }

    /**
     * @param path where the admin API serves the kind, under {@code /conduit/admin/}: {@code channels/http}
     * @param what what one object is, in messages: {@code HTTP channel}
     * @param type the record
     */
    public static <T extends Configured> Kind<T> of(String path, String what, Class<T> type) {
        return new Kind<>(path, what, type, List.of(), List.of(), Set.of(), (given, current) -> given);
    }

    /** @return this kind, with a field that names an object of {@code target} (or nothing when null) */
    public Kind<T> refersTo(Kind<?> target, String field, Function<T, String> name) {
        return withReference(new Reference<>(field, target, o -> listOf(name.apply(o)), o -> true, null));
    }

    /**
     * @param fits    which objects of {@code target} can serve in the field
     * @param fitting what those are, for messages: {@code a basic, apikey or jwt definition}
     * @return this kind, with a field that names an object of {@code target} that {@code fits}
     */
    public <R extends Configured> Kind<T> refersTo(Kind<R> target, String field, Function<T, String> name,
                                                   Predicate<R> fits, String fitting) {
        Class<R> type = target.type();
        return withReference(new Reference<>(field, target, o -> listOf(name.apply(o)),
                o -> type.isInstance(o) && fits.test(type.cast(o)), fitting));
    }

    /** @return this kind, with a field that names a service */
    public Kind<T> refersToService(String field, Function<T, String> name) {
        return withReference(new Reference<>(field, null, o -> listOf(name.apply(o)), o -> true, null));
    }

    /** @return this kind, with a rule over all its objects */
    public Kind<T> rule(Rule<T> rule) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(rule);
        return new Kind<>(path, what, type, references, more, viewOnly, settle);
    }

    /**
     * @param fields what the admin API adds to an object's view (its next run, a node's state...),
     *               which an operator may send back unchanged and which are then ignored
     * @return this kind, with those fields
     */
    public Kind<T> viewOnly(String... fields) {
        return new Kind<>(path, what, type, references, rules, Set.of(fields), settle);
    }

    /**
     * @param settle what is stored of an object written over the current one of its name (null when
     *               there is none): a user's password is hashed there, or the current hash kept
     * @return this kind, settling what is written so
     */
    public Kind<T> settledBy(BinaryOperator<T> settle) {
        return new Kind<>(path, what, type, references, rules, viewOnly, settle);
    }

    /** @return what is stored of {@code given}, written over {@code current} (null when new) */
    public T settle(Configured given, Configured current) {
        T was = current == null ? null : cast(current);
        return settle.apply(cast(given), was);
    }

    private Kind<T> withReference(Reference<T> reference) {
        List<Reference<T>> more = new ArrayList<>(references);
        more.add(reference);
        return new Kind<>(path, what, type, more, rules, viewOnly, settle);
    }

    private static List<String> listOf(String name) {
        return name == null ? List.of() : List.of(name);
    }

    /** @return where the admin API serves the kind, under {@code /conduit/admin/}: {@code outgoing/sql} */
    public String path() {
        return path;
    }

    /** @return the kind's file in a config directory: {@code outgoing-sql.yaml} */
    public String file() {
        return path.replace('/', '-') + ".yaml";
    }

    /** @return the kind's key in a configuration document and in messages' locations: {@code outgoing-sql} */
    public String key() {
        return path.replace('/', '-');
    }

    /** @return what one object is, in messages: {@code outgoing SQL connection} */
    public String what() {
        return what;
    }

    /** @return the record */
    public Class<T> type() {
        return type;
    }

    /** @return the fields that name other objects */
    public List<Reference<T>> references() {
        return references;
    }

    /** @return the rules over all objects of the kind */
    public List<Rule<T>> rules() {
        return rules;
    }

    /** @return fields of the admin API's view that are not part of the object */
    public Set<String> viewOnly() {
        return viewOnly;
    }

    /** @return {@code an} or {@code a}, as {@link #what} needs */
    public String article() {
        return "aeiouAEIOU".indexOf(what.charAt(0)) >= 0 || what.startsWith("HTTP") ? "an" : "a";
    }

    /** @return the object cast to this kind's record */
    public T cast(Object object) {
        return type.cast(object);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Kind<?> k && k.path.equals(path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path);
    }

    @Override
    public String toString() {
        return path;
    }
}
