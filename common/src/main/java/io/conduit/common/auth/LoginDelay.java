package io.conduit.common.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
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
    /** Wrong passwords in a row per name; the cache forgets a name forgetAfter after its last one. */
    private final Cache<String, Integer> failures;

    public LoginDelay(Duration first, Duration max, Duration forgetAfter, Clock clock) {
        this.first = first;
        this.max = max;
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
        int count = failures.asMap().merge(user, 1, Integer::sum);
        int doublings = Math.min(count - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** @return the wrong passwords in a row recorded for a name */
    public int failuresOf(String user) {
        Integer count = failures.getIfPresent(user);
        return count == null ? 0 : count;
    }
}
