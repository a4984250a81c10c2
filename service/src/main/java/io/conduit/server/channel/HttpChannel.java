package io.conduit.server.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.DataFormat;
import io.conduit.server.config.HttpMethod;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.security.SecurityDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * @param recordSlowerThan a call at least this slow is recorded; {@code null} for the node's {@code calls.slowThreshold}
 * @param active     an inactive channel answers 404
 */
@Checked
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HttpChannel(
        @Name String name,
        @JsonPropertyDescription("the path it serves, e.g. /customers/{id}: literal segments and {name} parameters")
        @NotNull @Size(max = 2000) String urlPath,
        @JsonPropertyDescription("the service each request invokes, e.g. tutorial.get-client-details")
        @NotBlank String service,
        @JsonPropertyDescription("the only HTTP method accepted; any when unset")
        HttpMethod method,
        @JsonProperty(defaultValue = "json") @JsonPropertyDescription("the payloads' format")
        DataFormat dataFormat,
        @JsonPropertyDescription("the security definition callers must satisfy; none when unset")
        String security,
        @JsonPropertyDescription("how many requests it lets through per window, cluster-wide; no limit when unset")
        @Valid RateLimit rateLimit,
        @JsonPropertyDescription("a call at least this slow is recorded (GET /conduit/admin/calls), e.g. 200ms;"
                + " calls.slowThreshold (1s) when unset")
        Duration recordSlowerThan,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive channel answers 404")
        boolean active) implements Configured, CrossChecked {

    /** HTTP channels: {@code /conduit/admin/channels/http}. */
    public static final Kind<HttpChannel> KIND = Kind.of("channels/http", "HTTP channel", HttpChannel.class)
            .refersTo(SecurityDefinition.KIND, "security", HttpChannel::security, SecurityDefinition::forChannels,
                    "a basic, apikey, jwt or mtls definition")
            .refersToService("service", HttpChannel::service)
            .rule(HttpChannel::noTwoServeOneRequest);

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/%{}-]*");

    /** Normalises the path template ({@code /a/} is {@code /a}) and the service's name. */
    public HttpChannel {
        if (urlPath != null && PATH.matcher(urlPath).matches()) {
            try {
                urlPath = PathTemplate.parse(urlPath).text();
            } catch (InvalidInputException e) {
                // check() reports it
            }
        }
        service = service == null ? null : service.trim();
    }

    @Override
    public void check(Findings findings) {
        if (urlPath != null) {
            findings.require(PATH.matcher(urlPath).matches(), "urlPath", "must start with / and contain only URL characters");
            findings.require(!urlPath.equals("/conduit") && !urlPath.startsWith("/conduit/"), "urlPath",
                    "must not be under /conduit, which is the admin API's");
            if (PATH.matcher(urlPath).matches()) {
                try {
                    PathTemplate.parse(urlPath);
                } catch (InvalidInputException e) {
                    findings.add("urlPath", e.getMessage().replaceFirst("^urlPath ", ""));
                }
            }
        }
        findings.require(rateLimit == null || rateLimit.by() != RateLimit.CountedBy.CREDENTIAL || security != null,
                "rateLimit.by", "credential needs the channel to have a security definition");
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
                && (method == null || other.method == null || method == other.method);
    }

    /** Channels are compared only with those of the same path shape: a configuration of thousands checks in linear time. */
    private static void noTwoServeOneRequest(List<HttpChannel> channels, Kind.Findings<HttpChannel> findings) {
        Map<String, List<HttpChannel>> byShape = new HashMap<>();
        for (HttpChannel channel : channels) {
            String shape;
            try {
                shape = channel.template().shape();
            } catch (InvalidInputException e) {
                continue;
            }
            List<HttpChannel> same = byShape.computeIfAbsent(shape, s -> new ArrayList<>());
            for (HttpChannel other : same) {
                if (channel.method == null || other.method == null || channel.method == other.method) {
                    findings.add(channel, "urlPath", clash(channel, other));
                    findings.add(other, "urlPath", clash(other, channel));
                }
            }
            same.add(channel);
        }
    }

    private static String clash(HttpChannel channel, HttpChannel other) {
        return "channel '" + channel.name() + "' (" + describe(channel) + ") and channel '" + other.name() + "' ("
                + describe(other) + ") would serve the same requests; change the path or the method of one";
    }

    private static String describe(HttpChannel c) {
        return (c.method() == null ? "any method" : c.method()) + " " + c.urlPath();
    }
}
