package io.conduit.server.security;

import io.conduit.common.error.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Credentials a channel demands of its callers (or an outgoing connection presents): HTTP Basic
 * Auth, or an API key in a header. The secret never leaves the ODB and this node's memory: the
 * admin API shows {@link #view()} instead.
 *
 * @param name     unique name
 * @param type     {@link Type#BASIC} or {@link Type#APIKEY}
 * @param username Basic Auth's user name; {@code null} for an API key
 * @param secret   Basic Auth's password or the API key
 * @param header   the API key's header, {@code X-API-Key} by default; {@code null} for Basic Auth
 * @param realm    Basic Auth's realm, {@code Conduit} by default
 * @param active   an inactive definition lets nobody in
 */
public record SecurityDefinition(String name, Type type, String username, String secret, String header,
                                 String realm, boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,200}");

    /** Everything but the secret, which never reaches a log line. */
    @Override
    public String toString() {
        return "SecurityDefinition[name=" + name + ", type=" + type + ", username=" + username + ", secret=***, header="
                + header + ", realm=" + realm + ", active=" + active + "]";
    }

    /** The kinds of definition. */
    public enum Type {
        /** HTTP Basic Auth */
        BASIC,
        /** an API key in a header */
        APIKEY;

        /**
         * @param text {@code basic} or {@code apikey}, any case
         * @return the type
         * @throws InvalidInputException for anything else
         */
        public static Type parse(String text) {
            if (text != null) {
                for (Type t : values()) {
                    if (t.name().equalsIgnoreCase(text.replace("_", "").replace("-", ""))) {
                        return t;
                    }
                }
            }
            throw new InvalidInputException("type must be basic or apikey");
        }

        /** @return the name used in JSON */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the admin API shows: everything but the secret. */
    public record View(String name, String type, String username, String header, String realm, boolean active) {
    }

    /** @return this definition without its secret */
    public View view() {
        return new View(name, type.json(), username, header, realm, active);
    }

    /**
     * @return the definition with defaults filled in
     * @throws InvalidInputException saying which field is wrong
     */
    public SecurityDefinition validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name must be 1-200 letters, digits, spaces or . _ : -");
        }
        if (secret == null || secret.isEmpty()) {
            throw new InvalidInputException(type == Type.BASIC ? "password is required" : "key is required");
        }
        if (type == Type.BASIC) {
            if (username == null || username.isEmpty() || username.contains(":")) {
                throw new InvalidInputException("username is required and must not contain ':'");
            }
            return new SecurityDefinition(name, type, username, secret, null,
                    realm == null || realm.isBlank() ? "Conduit" : realm, active);
        }
        String h = header == null || header.isBlank() ? "X-API-Key" : header.trim();
        if (!HEADER.matcher(h).matches()) {
            throw new InvalidInputException("header must be a valid HTTP header name");
        }
        return new SecurityDefinition(name, type, null, secret, h, null, active);
    }
}
