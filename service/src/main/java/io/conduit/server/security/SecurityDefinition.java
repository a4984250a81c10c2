package io.conduit.server.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Credentials a channel demands of its callers (HTTP Basic Auth, an API key in a header, a JWT
 * bearer token, or a client certificate HAProxy verified), an outgoing HTTP connection presents (Basic Auth, an API key, or the bearer token
 * of an OAuth2 client-credentials grant), or a file channel or connection logs into its server with
 * (a user and password, or an SSH key). The secret never leaves the ODB and this node's memory: the
 * admin API shows only whether it is set.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SecurityDefinition.Basic.class, name = "basic"),
    @JsonSubTypes.Type(value = SecurityDefinition.ApiKey.class, name = "apikey"),
    @JsonSubTypes.Type(value = SecurityDefinition.Jwt.class, name = "jwt"),
    @JsonSubTypes.Type(value = SecurityDefinition.OAuth2Client.class, name = "oauth2-client"),
    @JsonSubTypes.Type(value = SecurityDefinition.Mtls.class, name = "mtls"),
    @JsonSubTypes.Type(value = SecurityDefinition.SshKey.class, name = "ssh-key")})
public sealed interface SecurityDefinition extends Configured
        permits SecurityDefinition.Basic, SecurityDefinition.ApiKey, SecurityDefinition.Jwt,
        SecurityDefinition.OAuth2Client, SecurityDefinition.Mtls, SecurityDefinition.SshKey {

    /** Security definitions: {@code /conduit/admin/security}. */
    Kind<SecurityDefinition> KIND = Kind.of("security", "security definition", SecurityDefinition.class);

    /** @return whether it lets anyone in: an inactive definition refuses everybody */
    boolean active();

    /** @return whether a channel can demand it of its callers */
    static boolean forChannels(SecurityDefinition d) {
        return !(d instanceof OAuth2Client) && !(d instanceof SshKey);
    }

    /** @return whether an outgoing HTTP connection can present it (its own client certificate is a field of its own) */
    static boolean forOutgoingHttp(SecurityDefinition d) {
        return !(d instanceof Jwt) && !(d instanceof Mtls) && !(d instanceof SshKey);
    }

    /**
     * HTTP Basic Auth.
     *
     * @param name     unique name
     * @param username the user name
     * @param password the password
     * @param realm    the realm browsers show
     * @param active   an inactive definition lets nobody in
     */
    record Basic(
            @Name String name,
            @JsonPropertyDescription("the user name") @NotBlank
            @Pattern(regexp = "[^:]*", message = "must not contain ':'") String username,
            @JsonPropertyDescription("the password (write-only)") @NotNull Secret password,
            @JsonProperty(defaultValue = "Conduit") @JsonPropertyDescription("the realm browsers show") String realm,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition lets nobody in")
            boolean active) implements SecurityDefinition {
    }

    /**
     * An API key in a header.
     *
     * @param name   unique name
     * @param header the header that carries the key
     * @param key    the key
     * @param active an inactive definition lets nobody in
     */
    record ApiKey(
            @Name String name,
            @JsonProperty(defaultValue = "X-API-Key") @JsonPropertyDescription("the header that carries the key")
            @Pattern(regexp = "[A-Za-z0-9-]{1,200}", message = "must be a valid HTTP header name") String header,
            @JsonPropertyDescription("the key (write-only)") @NotNull Secret key,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition lets nobody in")
            boolean active) implements SecurityDefinition {
    }

    /**
     * A JWT bearer token in {@code Authorization}, checked with an HS256 secret or the RS256/ES256
     * keys a JWKS URL publishes.
     *
     * @param name      unique name
     * @param issuer    the {@code iss} every token must carry
     * @param audience  a value the token's {@code aud} must hold
     * @param secret    the HS256 secret, or null with a JWKS URL
     * @param jwksUrl   where the public keys are published, or null for HS256 with the secret
     * @param clockSkew how far {@code exp} and {@code nbf} may be off
     * @param active    an inactive definition lets nobody in
     */
    @Checked
    record Jwt(
            @Name String name,
            @JsonPropertyDescription("the iss every token must carry") @NotBlank String issuer,
            @JsonPropertyDescription("a value the token's aud must hold") @NotBlank String audience,
            @JsonPropertyDescription("the HS256 secret, at least 32 bytes (write-only); or jwksUrl") Secret secret,
            @JsonPropertyDescription("where the RS256/ES256 public keys are published; or secret") String jwksUrl,
            @JsonProperty(defaultValue = "60s") @JsonPropertyDescription("how far exp and nbf may be off, at most 10m")
            Duration clockSkew,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition lets nobody in")
            boolean active) implements SecurityDefinition, CrossChecked {

        /** The minimum HS256 secret: 256 bits, as RFC 7518 requires. */
        static final int MIN_HS256_BYTES = 32;

        public Jwt {
            issuer = issuer == null ? null : issuer.trim();
            audience = audience == null ? null : audience.trim();
            jwksUrl = jwksUrl == null || jwksUrl.isBlank() ? null : jwksUrl.trim();
        }

        @Override
        public void check(Findings findings) {
            if ((jwksUrl == null) == (secret == null)) {
                findings.add(jwksUrl == null ? "secret" : "jwksUrl",
                        "a jwt definition needs either secret (HS256) or jwksUrl (RS256, ES256), not both");
            }
            findings.require(secret == null || secret.byteLength() >= MIN_HS256_BYTES, "secret",
                    "must be at least " + MIN_HS256_BYTES + " bytes for HS256");
            findings.require(jwksUrl == null || jwksUrl.matches("https?://\\S+"), "jwksUrl",
                    "must be an http:// or https:// URL");
            findings.require(clockSkew == null || !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(10)) <= 0,
                    "clockSkew", "must be between 0s and 10m");
        }
    }

    /**
     * The OAuth2 client-credentials grant (RFC 6749, section 4.4): an outgoing HTTP connection sends
     * the token its provider gives as {@code Authorization: Bearer}. The cluster fetches one token per
     * expiry, whichever node needs it first, and keeps it sealed in Redis for the others.
     *
     * @param name         unique name
     * @param tokenUrl     the provider's token endpoint
     * @param clientId     the client's id
     * @param clientSecret the client's secret, sent with HTTP Basic Auth to the token endpoint
     * @param scope        the scopes asked for, separated by spaces, or null
     * @param audience     the audience asked for (providers such as Auth0 want it), or null
     * @param active       an inactive definition gets no token: calls that need it fail, saying so
     */
    @Checked
    record OAuth2Client(
            @Name String name,
            @JsonPropertyDescription("the provider's token endpoint, http:// or https://") @NotBlank String tokenUrl,
            @JsonPropertyDescription("the client's id") @NotBlank String clientId,
            @JsonPropertyDescription("the client's secret (write-only)") @NotNull Secret clientSecret,
            @JsonPropertyDescription("the scopes asked for, separated by spaces; none when unset") String scope,
            @JsonPropertyDescription("the audience asked for; none when unset") String audience,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition gets no token")
            boolean active) implements SecurityDefinition, CrossChecked {

        public OAuth2Client {
            tokenUrl = tokenUrl == null ? null : tokenUrl.trim();
            scope = scope == null || scope.isBlank() ? null : scope.trim();
            audience = audience == null || audience.isBlank() ? null : audience.trim();
        }

        @Override
        public void check(Findings findings) {
            findings.require(tokenUrl == null || tokenUrl.matches("https?://\\S+"), "tokenUrl",
                    "must be an http:// or https:// URL");
        }
    }

    /**
     * Mutual TLS: HAProxy asks HTTPS callers on its HTTPS port for a client certificate, verifies it
     * against the CA the operator configured, and passes the certificate's subject to the node in a
     * header it strips from what clients send; a channel with this definition admits only the subjects
     * listed, and its services see the subject as {@code request().principal()}.
     *
     * @param name     unique name
     * @param subjects the subjects admitted, as RFC 2253 distinguished names ({@code CN=partner-a,O=Acme})
     * @param active   an inactive definition lets nobody in
     */
    @Checked
    record Mtls(
            @Name String name,
            @JsonPropertyDescription("the certificate subjects admitted, RFC 2253: CN=partner-a,O=Acme") @NotNull
            java.util.List<String> subjects,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition lets nobody in")
            boolean active) implements SecurityDefinition, CrossChecked {

        public Mtls {
            subjects = subjects == null ? null : subjects.stream().map(s -> s == null ? "" : s.trim()).toList();
        }

        @Override
        public void check(Findings findings) {
            findings.require(subjects == null || !subjects.isEmpty() && subjects.stream().allMatch(s -> s.contains("=")),
                    "subjects", "must list at least one subject, each a distinguished name such as CN=partner-a,O=Acme");
        }
    }

    /**
     * A user and private key an SFTP server is logged into with.
     *
     * @param name       unique name
     * @param username   the user
     * @param privateKey the private key, OpenSSH or PEM text ({@code -----BEGIN OPENSSH PRIVATE KEY-----...})
     * @param passphrase the key's passphrase, or null when it has none
     * @param active     an inactive definition logs in nowhere
     */
    @Checked
    record SshKey(
            @Name String name,
            @JsonPropertyDescription("the user") @NotBlank String username,
            @JsonPropertyDescription("the private key, OpenSSH or PEM text (write-only)") @NotNull Secret privateKey,
            @JsonPropertyDescription("the key's passphrase, when it has one (write-only)") Secret passphrase,
            @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive definition logs in nowhere")
            boolean active) implements SecurityDefinition, CrossChecked {

        public SshKey {
            username = username == null ? null : username.trim();
        }

        @Override
        public void check(Findings findings) {
            findings.require(privateKey == null || privateKey.reveal().contains("PRIVATE KEY-----"), "privateKey",
                    "must be a private key's text, -----BEGIN OPENSSH PRIVATE KEY----- (or PEM) to its END line");
        }
    }
}
