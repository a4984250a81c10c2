package io.conduit.dashboard.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Logging in to the dashboard through an OpenID Connect provider (authorization code with PKCE).
 * Off while {@code issuer} or {@code clientId} is empty.
 *
 * <table>
 * <caption>Configuration keys under {@code sso:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>issuer</td><td>empty (off)</td><td>the provider's issuer ({@code CONDUIT_SSO_ISSUER}, as the nodes')</td></tr>
 * <tr><td>clientId</td><td>empty (off)</td><td>the dashboard's client at the provider ({@code CONDUIT_SSO_CLIENT_ID})</td></tr>
 * <tr><td>clientSecret</td><td>empty</td><td>its secret, for a confidential client ({@code CONDUIT_SSO_CLIENT_SECRET})</td></tr>
 * <tr><td>scope</td><td>{@code openid profile}</td><td>what the dashboard asks for</td></tr>
 * <tr><td>redirectUrl</td><td>the dashboard's own {@code /api/sso/callback}, from the request</td>
 * <td>the callback registered at the provider, when the dashboard is reached under another address</td></tr>
 * </table>
 */
public class SsoFactory {

    private String issuer = "";
    private String clientId = "";
    private String clientSecret = "";
    private String scope = "openid profile";
    private String redirectUrl = "";

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        this.issuer = issuer == null ? "" : issuer.trim();
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId == null ? "" : clientId.trim();
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret == null ? "" : clientSecret;
    }

    @JsonProperty
    public String getScope() {
        return scope;
    }

    @JsonProperty
    public void setScope(String scope) {
        this.scope = scope == null || scope.isBlank() ? "openid profile" : scope.trim();
    }

    @JsonProperty
    public String getRedirectUrl() {
        return redirectUrl;
    }

    @JsonProperty
    public void setRedirectUrl(String redirectUrl) {
        this.redirectUrl = redirectUrl == null ? "" : redirectUrl.trim();
    }

    /** @return whether the dashboard offers single sign-on */
    public boolean isEnabled() {
        return !issuer.isEmpty() && !clientId.isEmpty();
    }

    /** @return the login flow, or null when off */
    public SsoLogin build(SessionStore sessions, NodeUsers users) {
        return isEnabled() ? new SsoLogin(issuer, clientId, clientSecret.isEmpty() ? null : clientSecret, scope,
                redirectUrl.isEmpty() ? null : redirectUrl, sessions, users) : null;
    }
}
