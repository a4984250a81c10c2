package io.conduit.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.conduit.api.Principal;
import io.conduit.server.security.CredentialCheck.Outcome;
import io.conduit.server.security.CredentialCheck.Result;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks JWT bearer tokens against one {@link SecurityDefinition} of type jwt, with nimbus-jose-jwt:
 * the signature (HS256 with the definition's secret, or RS256/ES256 with keys from its JWKS URL,
 * cached and fetched again for a key id it does not know, which is how a key rotation arrives),
 * {@code exp} and {@code nbf} with the clock skew, then the issuer and the audience.
 *
 * <p>Made once per definition and kept across configuration reloads while the definition is
 * unchanged, so the key set is not fetched again for every change.
 */
public final class JwtVerifier {

    /** At most one fetch of the key set per this many milliseconds for unknown key ids. */
    private static final long MIN_REFETCH_MILLIS = 1_000;
    private static final long CACHE_MILLIS = 5 * 60_000;
    private static final long FETCH_TIMEOUT_MILLIS = 5_000;

    private final SecurityDefinition.Jwt definition;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(SecurityDefinition.Jwt definition) {
        SecurityDefinition.Jwt jwt = definition;
        this.definition = definition;
        if (jwt.jwksUrl() == null) {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                    new ImmutableSecret<>(definition.secret().reveal().getBytes(StandardCharsets.UTF_8))));
        } else {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwt.jwksUrl()).toURL())
                        .cache(CACHE_MILLIS, FETCH_TIMEOUT_MILLIS).rateLimited(MIN_REFETCH_MILLIS).retrying(false)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("jwksUrl is not a URL: " + jwt.jwksUrl(), e);
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    keys));
        }
        DefaultJWTClaimsVerifier<SecurityContext> times = new DefaultJWTClaimsVerifier<>(null, null, Set.of("exp"));
        times.setMaxClockSkew((int) jwt.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(times);
    }

    /** @return the definition this verifier checks against */
    public SecurityDefinition.Jwt definition() {
        return definition;
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @return allowed with the token's subject and claims; or why not
     */
    public Result verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Result.of(Outcome.MISSING);
        }
        if (!definition.active()) {
            return Result.of(Outcome.DENIED);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(authorization.substring(7).trim(), null);
        } catch (ParseException e) {
            return new Result(Outcome.REJECTED, null, "the bearer token is not a JWT");
        } catch (BadJOSEException e) {
            return new Result(Outcome.REJECTED, null, "the bearer token was refused: " + e.getMessage());
        } catch (KeySourceException e) {
            return new Result(Outcome.UNAVAILABLE, null, "the keys to check the token cannot be read from "
                    + definition.jwksUrl() + " now; retry later");
        } catch (JOSEException e) {
            return new Result(Outcome.REJECTED, null, "the bearer token cannot be checked: " + e.getMessage());
        }
        if (!definition.issuer().equals(claims.getIssuer())) {
            return new Result(Outcome.DENIED, null, "the token's issuer is not the one this channel accepts");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(definition.audience())) {
            return new Result(Outcome.DENIED, null, "the token's audience is not this channel's");
        }
        String subject = claims.getSubject() == null ? "" : claims.getSubject();
        return new Result(Outcome.ALLOWED, new Principal(subject, "jwt", claims.toJSONObject()), null);
    }
}
