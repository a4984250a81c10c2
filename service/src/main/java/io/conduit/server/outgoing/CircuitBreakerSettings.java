package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.CrossChecked;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * When an outgoing HTTP connection stops calling its backend for a while.
 *
 * @param failureRateThreshold the share of failed (or slow) calls, in percent, that opens the circuit
 * @param slowCallDuration     a call that takes longer counts as slow
 * @param window               how many of the latest calls the rates are taken over
 * @param openFor              how long the circuit stays open before a few probe calls may go through
 */
@Checked
public record CircuitBreakerSettings(
        @JsonProperty(defaultValue = "50") @JsonPropertyDescription("the share of failed or slow calls, in percent, that opens the circuit")
        @Min(1) @Max(100) int failureRateThreshold,
        @JsonProperty(defaultValue = "2s") @JsonPropertyDescription("a call that takes longer counts as slow")
        @NotNull Duration slowCallDuration,
        @JsonProperty(defaultValue = "20") @JsonPropertyDescription("how many of the latest calls the rates are taken over")
        @Min(2) @Max(1000) int window,
        @JsonProperty(defaultValue = "30s")
        @JsonPropertyDescription("how long the circuit stays open before a few probe calls may go through")
        @NotNull Duration openFor) implements CrossChecked {

    @Override
    public void check(Findings findings) {
        findings.require(slowCallDuration == null || slowCallDuration.compareTo(Duration.ZERO) > 0, "slowCallDuration",
                "must be above 0");
        findings.require(openFor == null || openFor.compareTo(Duration.ZERO) > 0, "openFor", "must be above 0");
    }
}
