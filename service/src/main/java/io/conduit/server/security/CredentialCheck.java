package io.conduit.server.security;

import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
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
        if (!BasicAuth.isBasic(authorization)) {
            return Outcome.MISSING;
        }
        return BasicAuth.parse(authorization)
                .map(c -> Credentials.equal(c.username(), definition.username())
                        & Credentials.equal(c.password(), definition.secret()) & definition.active())
                .orElse(false) ? Outcome.ALLOWED : Outcome.DENIED;
    }

    private static Outcome checkKey(SecurityDefinition definition, String key) {
        if (key == null || key.isEmpty()) {
            return Outcome.MISSING;
        }
        return Credentials.equal(key, definition.secret()) & definition.active() ? Outcome.ALLOWED : Outcome.DENIED;
    }
}
