package io.conduit.server.tracing;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.net.URI;

/**
 * Tracing with OpenTelemetry.
 *
 * <table>
 * <caption>Configuration keys under {@code tracing:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>otlpEndpoint</td><td>empty (off)</td><td>where spans go, OTLP over http/protobuf, e.g.
 * {@code http://127.0.0.1:4318} ({@code /v1/traces} is added); from {@code CONDUIT_OTLP_ENDPOINT}. Unset,
 * nothing is recorded or sent, but trace context still travels: the cid is the trace id</td></tr>
 * <tr><td>sampleRatio</td><td>1.0</td><td>the share of new traces recorded; a call that arrives with a
 * {@code traceparent} follows its caller's decision (parent-based sampling)</td></tr>
 * </table>
 */
public class TracingFactory {

    private String otlpEndpoint = "";

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double sampleRatio = 1.0;

    @JsonProperty
    public String getOtlpEndpoint() {
        return otlpEndpoint;
    }

    @JsonProperty
    public void setOtlpEndpoint(String otlpEndpoint) {
        this.otlpEndpoint = otlpEndpoint == null ? "" : otlpEndpoint.strip();
    }

    @JsonProperty
    public double getSampleRatio() {
        return sampleRatio;
    }

    @JsonProperty
    public void setSampleRatio(double sampleRatio) {
        this.sampleRatio = sampleRatio;
    }

    /**
     * @param node the node's name, the spans' {@code service.instance.id}
     * @return the node's tracing (manage it: it sends what is buffered when the node stops)
     * @throws IllegalArgumentException if the endpoint is not an http(s) URL
     */
    public Tracing build(String node, String version) {
        if (otlpEndpoint.isEmpty()) {
            return Tracing.off(node, version);
        }
        URI uri;
        try {
            uri = URI.create(otlpEndpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tracing.otlpEndpoint (CONDUIT_OTLP_ENDPOINT) '" + otlpEndpoint
                    + "' is not a URL: " + e.getMessage() + "; give e.g. http://127.0.0.1:4318");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("tracing.otlpEndpoint (CONDUIT_OTLP_ENDPOINT) '" + otlpEndpoint
                    + "' must be an http or https URL of an OTLP receiver, e.g. http://127.0.0.1:4318");
        }
        String traces = otlpEndpoint.replaceAll("/+$", "");
        if (!traces.endsWith("/v1/traces")) {
            traces += "/v1/traces";
        }
        return Tracing.exporting(node, version, traces, sampleRatio);
    }
}
