package io.conduit.server.config;

/**
 * One thing wrong with a configuration: which object, which field, what.
 *
 * @param kind    the kind's key, e.g. {@code channels-http}, or null for the configuration as a whole
 * @param name    the object's name, or null when it has none (yet)
 * @param field   the field, a dotted path for a nested one ({@code rateLimit.per}), or null for the object
 * @param message what is wrong, e.g. {@code must start with /}
 * @param conflict whether it clashes with another object (two channels serving one request): an
 *                 admin API write answers such a one 409 rather than 400
 */
public record Problem(String kind, String name, String field, String message,
                      @com.fasterxml.jackson.annotation.JsonIgnore boolean conflict) {

    /** A problem of one object on its own. */
    public Problem(String kind, String name, String field, String message) {
        this(kind, name, field, message, false);
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
