package io.conduit.server.security;

import io.conduit.common.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Credentials a channel demands of its callers (or an outgoing connection presents): HTTP Basic
 * Auth, an API key in a header, or a JWT bearer token. The secret never leaves the ODB and this node's memory: the
 * admin API shows {@link #view()} instead.
 *
 * @param name     unique name
 * @param type     {@link Type#BASIC}, {@link Type#APIKEY} or {@link Type#JWT}
 * @param username Basic Auth's user name; {@code null} otherwise
 * @param secret   Basic Auth's password, the API key, or a JWT's HS256 secret ({@code ""} with a JWKS URL)
 * @param header   the API key's header, {@code X-API-Key} by default; {@code null} otherwise
 * @param realm    Basic Auth's realm, {@code Conduit} by default
 * @param jwt      a JWT definition's issuer, audience, keys and clock skew; {@code null} otherwise
 * @param active   an inactive definition lets nobody in
 */
public record SecurityDefinition(String name, Type type, String username, String secret, String header,
                                 String realm, Jwt jwt, boolean active) {

    /** The minimum HS256 secret: 256 bits, as RFC 7518 requires. */
    static final int MIN_HS256_BYTES = 32;
    private static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
    private static final Duration MAX_SKEW = Duration.ofMinutes(10);

    /**
     * What a JWT bearer definition checks.
     *
     * @param issuer    the {@code iss} every token must carry
     * @param audience  a value the token's {@code aud} must hold
     * @param jwksUrl   where the RS256/ES256 public keys are published, or {@code null} for HS256 with the secret
     * @param clockSkew how far {@code exp} and {@code nbf} may be off
     */
    public record Jwt(String issuer, String audience, String jwksUrl, Duration clockSkew) {
    }

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,200}");

    /** Everything but the secret, which never reaches a log line. */
    @Override
    public String toString() {
        return "SecurityDefinition[name=" + name + ", type=" + type + ", username=" + username + ", secret=***, header="
                + header + ", realm=" + realm + ", jwt=" + jwt + ", active=" + active + "]";
    }

    /** The kinds of definition. */
    public enum Type {
        /** HTTP Basic Auth */
        BASIC,
        /** an API key in a header */
        APIKEY,
        /** a JWT bearer token in {@code Authorization} */
        JWT;

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
            throw new InvalidInputException("type must be basic, apikey or jwt");
        }

        /** @return the name used in JSON */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the admin API shows: everything but the secret. */
    public record View(String name, String type, String username, String header, String realm, String issuer,
                       String audience, String jwksUrl, String clockSkew, boolean active) {
    }

    /** @return this definition without its secret */
    public View view() {
        return jwt == null ? new View(name, type.json(), username, header, realm, null, null, null, null, active)
                : new View(name, type.json(), null, null, null, jwt.issuer(), jwt.audience(), jwt.jwksUrl(),
                jwt.clockSkew().toSeconds() + "s", active);
    }

    /**
     * @return the definition with defaults filled in
     * @throws InvalidInputException saying which field is wrong
     */
    public SecurityDefinition validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name must be 1-200 letters, digits, spaces or . _ : -");
        }
        if (type == Type.JWT) {
            return validatedJwt();
        }
        if (secret == null || secret.isEmpty()) {
            throw new InvalidInputException(type == Type.BASIC ? "password is required" : "key is required");
        }
        if (type == Type.BASIC) {
            if (username == null || username.isEmpty() || username.contains(":")) {
                throw new InvalidInputException("username is required and must not contain ':'");
            }
            return new SecurityDefinition(name, type, username, secret, null,
                    realm == null || realm.isBlank() ? "Conduit" : realm, null, active);
        }
        String h = header == null || header.isBlank() ? "X-API-Key" : header.trim();
        if (!HEADER.matcher(h).matches()) {
            throw new InvalidInputException("header must be a valid HTTP header name");
        }
        return new SecurityDefinition(name, type, null, secret, h, null, null, active);
    }

    private SecurityDefinition validatedJwt() {
        Jwt j = jwt == null ? new Jwt(null, null, null, null) : jwt;
        if (j.issuer() == null || j.issuer().isBlank() || j.audience() == null || j.audience().isBlank()) {
            throw new InvalidInputException("a jwt definition needs issuer and audience: tokens of any other are refused");
        }
        String url = j.jwksUrl() == null || j.jwksUrl().isBlank() ? null : j.jwksUrl().trim();
        boolean hasSecret = secret != null && !secret.isEmpty();
        if ((url == null) == !hasSecret) {
            throw new InvalidInputException("a jwt definition needs either secret (HS256) or jwksUrl (RS256, ES256),"
                    + " not both");
        }
        if (hasSecret && secret.getBytes(StandardCharsets.UTF_8).length < MIN_HS256_BYTES) {
            throw new InvalidInputException("secret must be at least " + MIN_HS256_BYTES + " bytes for HS256");
        }
        if (url != null && !url.matches("https?://[^\\s]+")) {
            throw new InvalidInputException("jwksUrl must be an http:// or https:// URL");
        }
        Duration skew = j.clockSkew() == null ? DEFAULT_SKEW : j.clockSkew();
        if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
            throw new InvalidInputException("clockSkew must be between 0s and 10m");
        }
        return new SecurityDefinition(name, type, null, hasSecret ? secret : "", null, null,
                new Jwt(j.issuer().trim(), j.audience().trim(), url, skew), active);
    }
}
