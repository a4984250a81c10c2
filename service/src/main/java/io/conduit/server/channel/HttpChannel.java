package io.conduit.server.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.conduit.common.error.InvalidInputException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A plain HTTP channel: requests to {@code urlPath} invoke {@code service}.
 *
 * @param name       unique name of the channel
 * @param urlPath    the path it serves, e.g. {@code /tutorial/first-service}, or a template with
 *                   {@code {name}} parameters, e.g. {@code /customers/{id}/payments}
 * @param service    the service invoked
 * @param method     the only HTTP method accepted, or {@code null} for any
 * @param dataFormat {@code json}, the only format for now
 * @param security   the name of a security definition callers must satisfy, or {@code null}
 * @param rateLimit  how many requests it lets through per window, cluster-wide, or {@code null} for no limit
 * @param active     an inactive channel answers 404
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HttpChannel(String name, String urlPath, String service, String method, String dataFormat,
                          String security, RateLimit rateLimit, boolean active) {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/%{}-]*");

    /**
     * Normalises and checks a channel as given by an operator.
     *
     * @return the channel with defaults filled in (method upper case, data format {@code json})
     * @throws InvalidInputException saying which field is wrong and why
     */
    public HttpChannel validated() {
        require(name != null && NAME.matcher(name).matches(),
                "name must be 1-200 letters, digits, spaces or . _ : -");
        require(urlPath != null && PATH.matcher(urlPath).matches() && urlPath.length() <= 2000,
                "urlPath must start with / and contain only URL characters");
        require(!urlPath.equals("/conduit") && !urlPath.startsWith("/conduit/"),
                "urlPath must not be under /conduit, which is the admin API's");
        PathTemplate template = PathTemplate.parse(urlPath);
        require(service != null && !service.isBlank(), "service is required");
        String m = method == null || method.isBlank() ? null : method.trim().toUpperCase(Locale.ROOT);
        require(m == null || METHODS.contains(m), "method must be one of " + METHODS + " or null for any");
        String format = dataFormat == null ? "json" : dataFormat.toLowerCase(Locale.ROOT);
        require(format.equals("json"), "dataFormat must be json");
        String sec = security == null || security.isBlank() ? null : security;
        return new HttpChannel(name, template.text(), service.trim(), m, format, sec,
                rateLimit == null ? null : rateLimit.validated(sec), active);
    }

    /** @return the path template this channel serves */
    PathTemplate template() {
        return PathTemplate.parse(urlPath);
    }

    /**
     * @param other another channel
     * @return whether both would match one request: the same path shape and methods that overlap
     */
    boolean overlaps(HttpChannel other) {
        return template().shape().equals(other.template().shape())
                && (method == null || other.method == null || method.equals(other.method));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
