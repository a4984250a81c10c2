package io.conduit.server.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;

/**
 * How many requests a channel lets through per window, cluster-wide.
 *
 * @param requests the most let through in one window
 * @param per      the window: {@code 1s}, {@code 1m} or {@code 1h}
 * @param by       what is counted apart: the whole {@code channel}, each {@code client} address, or each
 *                 {@code credential} (the caller's user name, API key or token subject)
 */
public record RateLimit(
        @JsonPropertyDescription("the most requests let through in one window") @Min(1) int requests,
        @JsonPropertyDescription("the window") @NotNull Window per,
        @JsonProperty(defaultValue = "channel")
        @JsonPropertyDescription("what is counted apart: the whole channel, each client address, or each credential")
        CountedBy by) {

    /** A rate limit's window. */
    public enum Window {
        SECOND("1s", 1_000L), MINUTE("1m", 60_000L), HOUR("1h", 3_600_000L);

        private final String text;
        private final long millis;

        Window(String text, long millis) {
            this.text = text;
            this.millis = millis;
        }

        @JsonValue
        @Override
        public String toString() {
            return text;
        }
    }

    /** What a rate limit counts apart. */
    public enum CountedBy {
        CHANNEL, CLIENT, CREDENTIAL;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return the window's length in milliseconds */
    public long windowMillis() {
        return per.millis;
    }
}
