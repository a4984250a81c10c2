package io.conduit.server.security;

import io.conduit.common.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** Checks a caller's credentials against a security definition, in constant time. */
public final class CredentialCheck {

    /** The outcome of a check. */
    public enum Outcome {
        /** the caller presented the right credentials */
        ALLOWED,
        /** the caller presented none: answer 401 */
        MISSING,
        /** the caller presented wrong ones, or the definition is inactive: answer 403 */
        DENIED
    }

    private CredentialCheck() {
    }

    /**
     * @param definition the definition to satisfy
     * @param headers    the request's headers by name
     * @return the outcome
     */
    public static Outcome check(SecurityDefinition definition, UnaryOperator<String> headers) {
        return switch (definition.type()) {
            case BASIC -> checkBasic(definition, headers.apply("Authorization"));
            case APIKEY -> checkKey(definition, headers.apply(definition.header()));
        };
    }

    private static Outcome checkBasic(SecurityDefinition definition, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Outcome.MISSING;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Outcome.DENIED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Outcome.DENIED;
        }
        boolean user = Credentials.equal(decoded.substring(0, colon), definition.username());
        boolean password = Credentials.equal(decoded.substring(colon + 1), definition.secret());
        return user & password & definition.active() ? Outcome.ALLOWED : Outcome.DENIED;
    }

    private static Outcome checkKey(SecurityDefinition definition, String key) {
        if (key == null || key.isEmpty()) {
            return Outcome.MISSING;
        }
        return Credentials.equal(key, definition.secret()) & definition.active() ? Outcome.ALLOWED : Outcome.DENIED;
    }
}
