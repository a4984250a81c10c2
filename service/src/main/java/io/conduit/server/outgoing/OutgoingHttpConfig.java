package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.common.tls.TrustedCertificates;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.DataFormat;
import io.conduit.server.config.HttpMethod;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import io.conduit.server.security.SecurityDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Set;

/**
 * An outgoing plain HTTP connection.
 *
 * @param name       unique name services look it up by, e.g. {@code CRM}
 * @param address    {@code http://host:port} (or https)
 * @param urlPath    path appended to the address, e.g. {@code /crm/client}
 * @param method     the method {@code send()} uses: POST unless configured
 * @param dataFormat {@code json}
 * @param timeoutMs  connect, pool-wait and response timeout, in milliseconds
 * @param poolSize   keep-alive connections kept open to the backend
 * @param security   a Basic Auth, API-key or OAuth2 client definition presented to the backend, or {@code null}
 * @param caFile     for https: a PEM file (on every node) of the CAs or certificates to trust instead of
 *                   the JVM's trust store, or {@code null}
 * @param clientCertificate for https: the certificate (with its chain) and PKCS#8 private key, PEM, the
 *                   connection presents to a backend that asks for one (mutual TLS); sealed at rest like
 *                   every secret; or {@code null}
 * @param retries        how failed calls are retried, or {@code null} for never
 * @param circuitBreaker when calls stop for a while after too many failures, or {@code null} for never
 * @param active     an inactive connection refuses every call, saying so
 */
@Checked
public record OutgoingHttpConfig(
        @Name String name,
        @JsonPropertyDescription("http://host:port or https://host:port, without a path") @NotNull String address,
        @JsonProperty(defaultValue = "/") @JsonPropertyDescription("the path appended to the address, e.g. /crm/client")
        String urlPath,
        @JsonProperty(defaultValue = "POST") @JsonPropertyDescription("the method send() uses") HttpMethod method,
        @JsonProperty(defaultValue = "json") @JsonPropertyDescription("the payloads' format") DataFormat dataFormat,
        @JsonProperty(defaultValue = "10000") @JsonPropertyDescription("connect, pool-wait and response timeout, in ms")
        @Min(1) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "20") @JsonPropertyDescription("keep-alive connections kept open to the backend")
        @Min(1) @Max(1000) int poolSize,
        @JsonPropertyDescription("a basic, apikey or oauth2-client definition presented to the backend; none when unset")
        String security,
        @JsonPropertyDescription("for https: a PEM file on every node of the CAs to trust instead of the JVM's")
        String caFile,
        @JsonPropertyDescription("for https (mutual TLS): the PEM certificate chain and PKCS#8 private key presented"
                + " to the backend (write-only)")
        Secret clientCertificate,
        @JsonPropertyDescription("how failed calls are retried; never when unset") @Valid Retries retries,
        @JsonPropertyDescription("when calls stop for a while after too many failures; never when unset")
        @Valid CircuitBreakerSettings circuitBreaker,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every call")
        boolean active) implements Configured, CrossChecked {

    /** Outgoing HTTP connections: {@code /conduit/admin/outgoing/http}. */
    public static final Kind<OutgoingHttpConfig> KIND = Kind.of("outgoing/http", "outgoing HTTP connection",
            OutgoingHttpConfig.class).refersTo(SecurityDefinition.KIND, "security", OutgoingHttpConfig::security,
            SecurityDefinition::forOutgoingHttp, "a basic, apikey or oauth2-client definition");

    private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE);

    public OutgoingHttpConfig {
        address = address == null ? null : address.trim().replaceAll("/+$", "");
        urlPath = urlPath == null ? null : urlPath.trim();
        caFile = caFile == null || caFile.isBlank() ? null : caFile.trim();
    }

    @Override
    public void check(Findings findings) {
        URI uri = null;
        if (address != null) {
            try {
                uri = URI.create(address);
            } catch (IllegalArgumentException e) {
                findings.add("address", "is not a URL: " + address);
            }
        }
        findings.require(uri == null || ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null,
                "address", "must be http://host:port or https://host:port, without a path (that goes in urlPath)");
        findings.require(urlPath == null || urlPath.startsWith("/"), "urlPath", "must start with /");
        findings.require(method == null || METHODS.contains(method), "method", "must be one of " + METHODS);
        if (clientCertificate != null) {
            findings.require(uri == null || "https".equals(uri.getScheme()), "clientCertificate",
                    "is for https:// addresses only");
            try {
                TrustedCertificates.checkClientCertificate(clientCertificate.reveal());
            } catch (IllegalArgumentException e) {
                findings.add("clientCertificate", e.getMessage().replaceFirst("^clientCertificate ", ""));
            }
        }
        if (caFile != null) {
            findings.require(uri == null || "https".equals(uri.getScheme()), "caFile", "is for https:// addresses only");
            try {
                TrustedCertificates.trusting(caFile);
            } catch (IllegalArgumentException e) {
                findings.add("caFile", e.getMessage());
            }
        }
    }

    /** @return address plus URL path */
    public String url() {
        return address + urlPath;
    }
}
