package io.conduit.server.config;

/**
 * One thing wrong with a configuration: which object, which field, what.
 *
 * @param kind    the kind's key, e.g. {@code channels-http}, or null for the configuration as a whole
 * @param name    the object's name, or null when it has none (yet)
 * @param index   the object's place in its kind's list (from 0), when it came in one, else null
 * @param field   the field, a dotted path for a nested one ({@code rateLimit.per}), or null for the object
 * @param message what is wrong, e.g. {@code must start with /}
 * @param conflict whether it clashes with another object (two channels serving one request): an
 *                 admin API write answers such a one 409 rather than 400
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Problem(String kind, String name, Integer index, String field, String message,
                      @com.fasterxml.jackson.annotation.JsonIgnore boolean conflict) {

    /** A problem of one object on its own. */
    public Problem(String kind, String name, String field, String message) {
        this(kind, name, null, field, message, false);
    }

    /** A problem of one object that clashes with another, or not. */
    public Problem(String kind, String name, String field, String message, boolean conflict) {
        this(kind, name, null, field, message, conflict);
    }

    /** @return this problem of the object at that place in its kind's list */
    public Problem at(int position) {
        return new Problem(kind, name, position, field, message, conflict);
    }

    /** @return the message led by its field: {@code urlPath must start with /} */
    public String describe() {
        return field == null ? message : field + " " + message;
    }

    /** @return the message led by the object and its field, for a list of many */
    public String locate() {
        String where = kind == null ? "" : kind + (name == null ? "" : " '" + name + "'") + ": ";
        return where + describe();
    }
}
