package io.conduit.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Single sign-on for the admin API: the identity provider's bearer tokens accepted beside Basic.
 * Off while {@code issuer} is empty.
 *
 * <table>
 * <caption>Configuration keys under {@code sso:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>issuer</td><td>empty (off)</td><td>the OpenID Connect issuer, as its tokens' {@code iss} says
 * ({@code CONDUIT_SSO_ISSUER})</td></tr>
 * <tr><td>audience</td><td>{@code conduit}</td><td>a value every token's {@code aud} must hold
 * ({@code CONDUIT_SSO_AUDIENCE})</td></tr>
 * <tr><td>jwksUrl</td><td>the issuer's, from its discovery document</td><td>where its signing keys are
 * ({@code CONDUIT_SSO_JWKS_URL})</td></tr>
 * <tr><td>groupsClaim</td><td>{@code groups}</td><td>the claim listing the caller's groups, matched by users
 * whose {@code oidcSubject} is {@code group:NAME}</td></tr>
 * </table>
 */
public class SsoFactory {

    private String issuer = "";
    private String audience = "conduit";
    private String jwksUrl = "";
    private String groupsClaim = "groups";

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        this.issuer = issuer == null ? "" : issuer.trim();
    }

    @JsonProperty
    public String getAudience() {
        return audience;
    }

    @JsonProperty
    public void setAudience(String audience) {
        this.audience = audience == null || audience.isBlank() ? "conduit" : audience.trim();
    }

    @JsonProperty
    public String getJwksUrl() {
        return jwksUrl;
    }

    @JsonProperty
    public void setJwksUrl(String jwksUrl) {
        this.jwksUrl = jwksUrl == null ? "" : jwksUrl.trim();
    }

    @JsonProperty
    public String getGroupsClaim() {
        return groupsClaim;
    }

    @JsonProperty
    public void setGroupsClaim(String groupsClaim) {
        this.groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.trim();
    }

    /** @return the token check, or null when single sign-on is off */
    public SingleSignOn build() {
        return issuer.isEmpty() ? null : new SingleSignOn(issuer, audience, jwksUrl.isEmpty() ? null : jwksUrl, groupsClaim);
    }
}
