package io.conduit.server.outgoing;

import io.conduit.common.error.InvalidInputException;
import io.conduit.common.tls.TrustedCertificates;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An outgoing plain HTTP connection as the ODB holds it.
 *
 * @param name       unique name services look it up by, e.g. {@code CRM}
 * @param address    {@code http://host:port} (or https)
 * @param urlPath    path appended to the address, e.g. {@code /crm/client}
 * @param method     the method {@code send()} uses: POST unless configured
 * @param dataFormat {@code json}
 * @param timeoutMs  connect, pool-wait and response timeout, in milliseconds
 * @param poolSize   keep-alive connections kept open to the backend
 * @param security   a Basic Auth or API-key definition presented to the backend, or {@code null}
 * @param caFile     for https: a PEM file (on every node) of the CAs or certificates to trust instead of
 *                   the JVM's trust store, or {@code null}
 * @param retries        how failed calls are retried, or {@code null} for never
 * @param circuitBreaker when calls stop for a while after too many failures, or {@code null} for never
 * @param active     an inactive connection refuses every call, saying so
 */
public record OutgoingHttpConfig(String name, String address, String urlPath, String method, String dataFormat,
                                 int timeoutMs, int poolSize, String security, String caFile, Retries retries,
                                 CircuitBreakerSettings circuitBreaker, boolean active) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");

    /**
     * @return the connection with defaults filled in
     * @throws InvalidInputException naming the wrong field
     */
    public OutgoingHttpConfig validated() {
        require(name != null && NAME.matcher(name).matches(), "name must be 1-200 letters, digits, spaces or . _ : -");
        require(address != null, "address is required, e.g. http://127.0.0.1:18080");
        String base = address.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("address is not a URL: " + address);
        }
        require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null,
                "address must be http://host:port or https://host:port, without a path (that goes in urlPath)");
        String path = urlPath == null || urlPath.isBlank() ? "/" : urlPath.trim();
        require(path.startsWith("/"), "urlPath must start with /");
        String m = method == null || method.isBlank() ? "POST" : method.trim().toUpperCase(Locale.ROOT);
        require(METHODS.contains(m), "method must be one of " + METHODS);
        String format = dataFormat == null ? "json" : dataFormat.toLowerCase(Locale.ROOT);
        require(format.equals("json"), "dataFormat must be json");
        int timeout = timeoutMs <= 0 ? 10_000 : timeoutMs;
        require(timeout <= 600_000, "timeoutMs must be at most 600000 (ten minutes)");
        int pool = poolSize <= 0 ? 20 : poolSize;
        require(pool <= 1000, "poolSize must be at most 1000");
        String sec = security == null || security.isBlank() ? null : security;
        String ca = caFile == null || caFile.isBlank() ? null : caFile.trim();
        if (ca != null) {
            require("https".equals(uri.getScheme()), "caFile is for https:// addresses only");
            TrustedCertificates.trusting(ca);
        }
        return new OutgoingHttpConfig(name, base, path, m, format, timeout, pool, sec, ca,
                retries == null ? null : retries.validated(),
                circuitBreaker == null ? null : circuitBreaker.validated(), active);
    }

    /** @return address plus URL path */
    public String url() {
        return address + urlPath;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
