package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conduit.server.config.Checked;
import io.conduit.server.config.CrossChecked;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * How an outgoing HTTP connection retries a failed call.
 *
 * @param maxAttempts        attempts in all, the first included (2 to 10)
 * @param backoff            the wait before the second attempt, doubled for each next one, with jitter
 * @param maxBackoff         the longest wait between two attempts
 * @param on                 what is retried: {@code connect} (refused, unreachable), {@code timeout},
 *                           {@code 5xx}, {@code 429}
 * @param retryNonIdempotent whether POST and PATCH are retried too (GET, PUT, DELETE always are)
 */
@Checked
public record Retries(
        @JsonProperty(defaultValue = "3") @JsonPropertyDescription("attempts in all, the first included")
        @Min(2) @Max(10) int maxAttempts,
        @JsonProperty(defaultValue = "100ms")
        @JsonPropertyDescription("the wait before the second attempt, doubled for each next one, with jitter")
        @NotNull Duration backoff,
        @JsonProperty(defaultValue = "2s") @JsonPropertyDescription("the longest wait between two attempts, at most 1m")
        @NotNull Duration maxBackoff,
        @JsonProperty(defaultValue = "[\"connect\", \"timeout\", \"5xx\", \"429\"]")
        @JsonPropertyDescription("what is retried") @NotEmpty List<@NotNull Cause> on,
        @JsonProperty(defaultValue = "false") @JsonPropertyDescription("whether POST and PATCH are retried too")
        boolean retryNonIdempotent) implements CrossChecked {

    /** What makes a call worth another attempt. */
    public enum Cause {
        /** the backend refused the connection or could not be reached */
        CONNECT("connect"),
        /** no answer in time */
        TIMEOUT("timeout"),
        /** a 5xx answer */
        SERVER_ERROR("5xx"),
        /** 429 Too Many Requests */
        TOO_MANY_REQUESTS("429");

        private final String text;

        Cause(String text) {
            this.text = text;
        }

        @JsonValue
        @Override
        public String toString() {
            return text;
        }
    }

    public Retries {
        on = on == null ? null : on.stream().distinct().toList();
    }

    @Override
    public void check(Findings findings) {
        if (backoff != null && maxBackoff != null) {
            findings.require(backoff.compareTo(Duration.ZERO) > 0, "backoff", "must be above 0");
            findings.require(maxBackoff.compareTo(backoff) >= 0 && maxBackoff.compareTo(Duration.ofMinutes(1)) <= 0,
                    "maxBackoff", "must be between backoff and 1m");
        }
    }
}
