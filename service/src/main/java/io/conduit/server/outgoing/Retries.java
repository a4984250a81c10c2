package io.conduit.server.outgoing;

import io.conduit.common.Durations;
import io.conduit.common.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
public record Retries(Integer maxAttempts, String backoff, String maxBackoff, List<String> on,
                      Boolean retryNonIdempotent) {

    private static final Set<String> CAUSES = Set.of("connect", "timeout", "5xx", "429");

    /**
     * @return the settings with defaults filled in (3 attempts, 100ms doubling up to 2s, on every cause)
     * @throws InvalidInputException naming the wrong field
     */
    public Retries validated() {
        int attempts = maxAttempts == null ? 3 : maxAttempts;
        if (attempts < 2 || attempts > 10) {
            throw new InvalidInputException("retries.maxAttempts must be 2 to 10 (the first attempt included)");
        }
        Duration first = Durations.parse("retries.backoff", backoff == null ? "100ms" : backoff);
        Duration most = Durations.parse("retries.maxBackoff", maxBackoff == null ? "2s" : maxBackoff);
        if (first.isNegative() || first.isZero() || most.compareTo(first) < 0 || most.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new InvalidInputException("retries.backoff must be above 0 and retries.maxBackoff between it and 1m");
        }
        List<String> causes = on == null || on.isEmpty() ? List.of("connect", "timeout", "5xx", "429")
                : on.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String c : causes) {
            if (!CAUSES.contains(c)) {
                throw new InvalidInputException("retries.on may hold connect, timeout, 5xx and 429, not '" + c + "'");
            }
        }
        return new Retries(attempts, backoff == null ? "100ms" : backoff.trim(),
                maxBackoff == null ? "2s" : maxBackoff.trim(), causes,
                retryNonIdempotent != null && retryNonIdempotent);
    }

    Duration backoffDuration() {
        return Durations.parse("retries.backoff", backoff);
    }

    Duration maxBackoffDuration() {
        return Durations.parse("retries.maxBackoff", maxBackoff);
    }
}
