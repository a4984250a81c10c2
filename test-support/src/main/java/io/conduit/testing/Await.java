package io.conduit.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for something a test expects to happen: the condition is polled until it holds or the
 * deadline passes, and the failure says how long it waited and what the test saw last. Tests wait
 * with this, never with a fixed sleep.
 */
public final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

    private Await() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        until(condition, timeout, () -> "");
    }

    /**
     * Waits until {@code condition} holds; fails after {@code timeout}.
     *
     * @param state what the test saw, asked for once, for the failure message
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        value(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeout, state);
    }

    /** @return the first value {@code check} returns that is not null; fails after {@code timeout} */
    public static <T> T value(Supplier<T> check, Duration timeout) {
        return value(check, timeout, () -> "");
    }

    /**
     * @param state what the test saw, asked for once, for the failure message
     * @return the first value {@code check} returns that is not null; fails after {@code timeout}
     */
    public static <T> T value(Supplier<T> check, Duration timeout, Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T value = check.get();
        while (value == null) {
            if (System.nanoTime() - deadline > 0) {
                String seen = state.get();
                throw new AssertionError("waited " + (System.nanoTime() - start) / 1_000_000 + " ms (the limit is "
                        + timeout.toMillis() + " ms) in vain" + (seen.isEmpty() ? "" : ": " + seen));
            }
            LockSupport.parkNanos(POLL_NANOS);
            value = check.get();
        }
        return value;
    }
}
