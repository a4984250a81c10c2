package io.conduit.server.security;

import io.conduit.api.Principal;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import io.conduit.common.haproxy.ClientProofs;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Checks a caller's Basic Auth credentials or API key against a security definition, in constant
 * time; or the client certificate's subject HAProxy verified and passed on.
 */
public final class CredentialCheck {

    /** The outcome of a check. */
    public enum Outcome {
        /** the caller presented the right credentials */
        ALLOWED,
        /** the caller presented none: answer 401 */
        MISSING,
        /** the caller presented a token that is expired, not yet valid, malformed or badly signed: answer 401 */
        REJECTED,
        /** the caller presented wrong ones (or a token for another issuer or audience), or the definition is inactive: 403 */
        DENIED,
        /** the keys to check with cannot be read now (a JWKS URL down): answer 503 */
        UNAVAILABLE
    }

    /**
     * A check's outcome, the caller it established, and why it failed.
     *
     * @param outcome   what to answer
     * @param principal the caller when {@link Outcome#ALLOWED}, else {@code null}
     * @param reason    why a token was refused, for the caller; {@code null} otherwise
     */
    public record Result(Outcome outcome, Principal principal, String reason) {

        static Result of(Outcome outcome) {
            return new Result(outcome, null, null);
        }
    }

    /** The header HAProxy passes a verified client certificate's subject in (it removes any a client sent). */
    public static final String CLIENT_SUBJECT = "X-Conduit-Client-Subject";
    /** The header HAProxy passes the verification's result in, 0 when it verified (OpenSSL's codes). */
    public static final String CLIENT_VERIFY = "X-Conduit-Client-Verify";

    private CredentialCheck() {
    }

    /**
     * @param definition a Basic Auth or API key definition
     * @param headers    the request's headers by name
     * @return the outcome, with the caller when allowed
     */
    public static Result check(SecurityDefinition definition, UnaryOperator<String> headers) {
        return check(definition, headers, proof -> false);
    }

    /**
     * @param fromHaproxy whether a request's {@link ClientProofs#HEADER} is one the cluster's HAProxy sends
     *                    now: only then is its client certificate subject believed
     * @see #check(SecurityDefinition, UnaryOperator)
     */
    public static Result check(SecurityDefinition definition, UnaryOperator<String> headers, Predicate<String> fromHaproxy) {
        if (definition instanceof SecurityDefinition.Basic basic) {
            return checkBasic(basic, headers.apply("Authorization"));
        }
        if (definition instanceof SecurityDefinition.ApiKey key) {
            return checkKey(key, headers.apply(key.header()));
        }
        if (definition instanceof SecurityDefinition.Mtls mtls) {
            String subject = headers.apply(CLIENT_SUBJECT);
            if (subject != null && !subject.isEmpty() && !fromHaproxy.test(headers.apply(ClientProofs.HEADER))) {
                return new Result(Outcome.REJECTED, null, "a client certificate's subject came without the cluster's"
                        + " HAProxy's proof; call through HAProxy's HTTPS port with the certificate");
            }
            return checkCertificate(mtls, subject, headers.apply(CLIENT_VERIFY));
        }
        throw new IllegalArgumentException("a JWT definition is checked by its JwtVerifier");
    }

    private static Result checkBasic(SecurityDefinition.Basic definition, String authorization) {
        if (!BasicAuth.isBasic(authorization)) {
            return Result.of(Outcome.MISSING);
        }
        Optional<Credentials> given = BasicAuth.parse(authorization);
        boolean right = given.map(c -> Credentials.equal(c.username(), definition.username())
                & Credentials.equal(c.password(), definition.password().reveal()) & definition.active()).orElse(false);
        return right ? new Result(Outcome.ALLOWED, new Principal(definition.username(), "basic", Map.of()), null)
                : Result.of(Outcome.DENIED);
    }

    private static Result checkCertificate(SecurityDefinition.Mtls definition, String subject, String verify) {
        if (subject == null || subject.isEmpty()) {
            if (verify != null && !verify.isBlank() && !"0".equals(verify.trim())) {
                return new Result(Outcome.REJECTED, null, "the client certificate did not verify against the cluster's"
                        + " client CA (OpenSSL error " + verify.trim() + (verify.trim().equals("20")
                        ? ": issued by a CA the cluster does not trust" : verify.trim().equals("10")
                        ? ": expired" : "") + ")");
            }
            return Result.of(Outcome.MISSING);
        }
        return definition.active() && definition.subjects().contains(subject)
                ? new Result(Outcome.ALLOWED, new Principal(subject, "mtls", Map.of()), null)
                : new Result(Outcome.DENIED, null, "the client certificate's subject " + subject
                + " is not admitted by this channel");
    }

    private static Result checkKey(SecurityDefinition.ApiKey definition, String key) {
        if (key == null || key.isEmpty()) {
            return Result.of(Outcome.MISSING);
        }
        return Credentials.equal(key, definition.key().reveal()) & definition.active()
                ? new Result(Outcome.ALLOWED, new Principal(definition.name(), "apikey", Map.of()), null)
                : Result.of(Outcome.DENIED);
    }
}
