package io.conduit.server.users;

import io.conduit.api.Principal;
import io.conduit.common.auth.OidcDiscovery;
import io.conduit.server.security.CredentialCheck;
import io.conduit.server.security.JwtVerifier;
import io.conduit.server.security.SecurityDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks an identity provider's bearer tokens for the admin API: signed by the issuer's keys (RS256 or
 * ES256, fetched from its JWKS and cached), {@code iss} the issuer, {@code aud} holding the audience,
 * not expired. Which user a token is, and so its roles, {@link UserDirectory} decides from the subject
 * and the groups. The keys' address comes from the issuer's discovery document unless configured,
 * read on first use and again after a failure.
 */
public final class SingleSignOn {

    /**
     * A token that was accepted.
     *
     * @param subject  its {@code sub}
     * @param username its {@code preferred_username}, or the subject
     * @param groups   the groups its groups claim lists
     */
    public record Identity(String subject, String username, List<String> groups) {
    }

    private final String issuer;
    private final String audience;
    private final String jwksUrl;
    private final String groupsClaim;
    private volatile JwtVerifier verifier;

    SingleSignOn(String issuer, String audience, String jwksUrl, String groupsClaim) {
        this.issuer = issuer;
        this.audience = audience;
        this.jwksUrl = jwksUrl;
        this.groupsClaim = groupsClaim;
    }

    /**
     * @return who the token is
     * @throws IllegalArgumentException saying why a token is refused
     */
    public Identity check(String token) {
        CredentialCheck.Result result = verifier().verify("Bearer " + token);
        if (result.outcome() != CredentialCheck.Outcome.ALLOWED) {
            throw new IllegalArgumentException(result.reason() == null ? "it is not the issuer's, or no longer valid"
                    : result.reason().replace("this channel accepts", "the cluster accepts").replace("this channel's",
                    "the cluster's (" + audience + ")"));
        }
        Principal principal = result.principal();
        Object name = principal.claims().get("preferred_username");
        return new Identity(principal.name(), name instanceof String s && !s.isBlank() ? s : principal.name(),
                groups(principal.claims().get(groupsClaim)));
    }

    private static List<String> groups(Object claim) {
        List<String> groups = new ArrayList<>();
        if (claim instanceof Collection<?> many) {
            many.forEach(g -> groups.add(String.valueOf(g)));
        } else if (claim instanceof String one) {
            groups.add(one);
        }
        return List.copyOf(groups);
    }

    private JwtVerifier verifier() {
        JwtVerifier known = verifier;
        if (known == null) {
            known = new JwtVerifier(new SecurityDefinition.Jwt("single-sign-on", issuer, audience, null,
                    jwksUrl != null ? jwksUrl : discoverKeys(), Duration.ofSeconds(60), true));
            verifier = known;
        }
        return known;
    }

    /** @return the {@code jwks_uri} of the issuer's discovery document */
    private String discoverKeys() {
        try {
            return OidcDiscovery.read(issuer, "jwks_uri").path("jwks_uri").asText();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + " (or set sso.jwksUrl)");
        }
    }
}
