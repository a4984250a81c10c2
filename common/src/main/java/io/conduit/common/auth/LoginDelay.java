package io.conduit.common.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Slows down password guessing per user name (behind HAProxy every caller has the same address):
 * each wrong password for a name is answered later than the one before, from {@code first},
 * doubling, up to {@code max}. Right credentials are never delayed, so a guesser cannot lock the
 * real user out; the guesser only waits longer and longer for each answer. A success does not reset
 * the count (the dashboard's own calls would reset it all the time): failures are forgotten
 * {@code forgetAfter} after the last one, and at most 10,000 names are remembered.
 */
public final class LoginDelay {

    private final Duration first;
    private final Duration max;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    private record Failures(int count, Instant last) {
    }

    public LoginDelay(Duration first, Duration max, Duration forgetAfter, Clock clock) {
        this.first = first;
        this.max = max;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(forgetAfter.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** The usual settings: from 250 ms, doubling, up to 10 s; forgotten after 15 minutes. */
    public static LoginDelay standard() {
        return new LoginDelay(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(15), Clock.systemUTC());
    }

    /**
     * Records a wrong password for a user name.
     *
     * @return how long to wait before answering it
     */
    public Duration failed(String user) {
        Instant now = clock.instant();
        Failures f = failures.asMap().merge(user, new Failures(1, now), (was, one) ->
                Duration.between(was.last(), now).compareTo(forgetAfter) > 0 ? one : new Failures(was.count() + 1, now));
        int doublings = Math.min(f.count() - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** @return the wrong passwords in a row recorded for a name */
    public int failuresOf(String user) {
        Failures f = failures.getIfPresent(user);
        return f == null ? 0 : f.count();
    }
}
