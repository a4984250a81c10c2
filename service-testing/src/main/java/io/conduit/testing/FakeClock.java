package io.conduit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a service reads through {@code clock()}: it stands still until the test moves it. It
 * starts at {@link #START} before each test; a fake connection's {@code after(...)} moves it on.
 */
public final class FakeClock extends Clock {

    /** Where the clock stands before each test. */
    public static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

    private volatile Instant now = START;

    /** Sets the time. */
    public void set(Instant instant) {
        now = instant;
    }

    /** Moves the time on. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test kit's clock is in UTC, as a node's is");
    }

    void reset() {
        now = START;
    }

    @Override
    public String toString() {
        return "FakeClock[" + now + "]";
    }
}
