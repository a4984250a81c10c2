package io.conduit.dashboard.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing. An address that fails {@code attempts} times in a row is refused
 * for {@code lockout}, whatever it sends; a success, or a quiet {@code lockout} since its last
 * failure, starts its count again. Kept in memory, per client address.
 */
public final class LoginThrottle {

    /** Past this many addresses, the ones with nothing left to remember are forgotten. */
    private static final int TIDY_ABOVE = 1_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int attempts;
    private final Duration lockout;
    private final Clock clock;

    public LoginThrottle(int attempts, Duration lockout, Clock clock) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** @return how long {@code address} must still wait before it may try again; zero when it may now */
    public Duration refusedFor(String address) {
        Failures f = failures.get(address);
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Counts a wrong password from {@code address}; the one that reaches the limit locks it out. */
    public void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() > TIDY_ABOVE) {
            failures.values().removeIf(f -> forgotten(f, now));
        }
        failures.compute(address, (a, f) -> {
            int count = f == null || forgotten(f, now) ? 1 : f.count() + 1;
            return new Failures(count, now, count >= attempts ? now.plus(lockout) : null);
        });
    }

    /** A right password from {@code address}: its count starts again. */
    public void succeeded(String address) {
        failures.remove(address);
    }

    /** @return how many addresses it holds something against (memory stays bounded by the tidying) */
    int remembered() {
        return failures.size();
    }

    /** Nothing to hold against an address whose last failure, or lockout, is a lockout ago. */
    private boolean forgotten(Failures f, Instant now) {
        Instant since = f.lockedUntil() != null ? f.lockedUntil() : f.last().plus(lockout);
        return !now.isBefore(since);
    }
}
