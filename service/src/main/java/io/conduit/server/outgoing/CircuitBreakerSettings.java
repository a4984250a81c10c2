package io.conduit.server.outgoing;

import io.conduit.common.Durations;
import io.conduit.common.error.InvalidInputException;
import java.time.Duration;

/**
 * When an outgoing HTTP connection stops calling its backend for a while.
 *
 * @param failureRateThreshold the share of failed (or slow) calls, in percent, that opens the circuit
 * @param slowCallDuration     a call that takes longer counts as slow
 * @param window               how many of the latest calls the rates are taken over
 * @param openFor              how long the circuit stays open before a few probe calls may go through
 */
public record CircuitBreakerSettings(Integer failureRateThreshold, String slowCallDuration, Integer window,
                                     String openFor) {

    /**
     * @return the settings with defaults filled in (50%, 2s, 20 calls, 30s)
     * @throws InvalidInputException naming the wrong field
     */
    public CircuitBreakerSettings validated() {
        int rate = failureRateThreshold == null ? 50 : failureRateThreshold;
        if (rate < 1 || rate > 100) {
            throw new InvalidInputException("circuitBreaker.failureRateThreshold must be 1 to 100 (percent)");
        }
        int calls = window == null ? 20 : window;
        if (calls < 2 || calls > 1000) {
            throw new InvalidInputException("circuitBreaker.window must be 2 to 1000 calls");
        }
        String slow = slowCallDuration == null ? "2s" : slowCallDuration.trim();
        String open = openFor == null ? "30s" : openFor.trim();
        if (Durations.parse("circuitBreaker.slowCallDuration", slow).isZero()
                || Durations.parse("circuitBreaker.openFor", open).isZero()) {
            throw new InvalidInputException("circuitBreaker.slowCallDuration and openFor must be above 0");
        }
        return new CircuitBreakerSettings(rate, slow, calls, open);
    }

    Duration slowCall() {
        return Durations.parse("circuitBreaker.slowCallDuration", slowCallDuration);
    }

    Duration open() {
        return Durations.parse("circuitBreaker.openFor", openFor);
    }
}
