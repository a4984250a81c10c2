package io.conduit.api;

import java.time.Duration;

/**
 * How {@link Service#invokeAsync(String, Object, AsyncOptions)} runs the other service.
 *
 * <p>{@link #durable()} (the default of {@code invokeAsync(name, payload)}): the invocation is
 * stored in Redis before {@code invokeAsync} returns, and any live node runs it. A node killed while
 * running it does not lose it: another node runs it again after the visibility timeout, so delivery
 * is <em>at least once</em>; the service sees which attempt it is in {@link Service#attempt()}. A
 * failed attempt is retried after the backoff, doubled each time; after the last one, the invocation
 * goes to the dead letters (admin API and dashboard), where it can be replayed or discarded.
 *
 * <p>{@link #inMemory()}: fire and forget on this node's background threads, faster, lost if the
 * node stops, never retried.
 */
public final class AsyncOptions {

    private final boolean durable;
    private final Duration delay;
    private final int maxAttempts;
    private final Duration backoff;

    private AsyncOptions(boolean durable, Duration delay, int maxAttempts, Duration backoff) {
        this.durable = durable;
        this.delay = delay;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** @return durable, run at once, 3 attempts, 1 s backoff doubling */
    public static AsyncOptions durable() {
        return new AsyncOptions(true, Duration.ZERO, 3, Duration.ofSeconds(1));
    }

    /** @return in memory on this node: not stored, not retried */
    public static AsyncOptions inMemory() {
        return new AsyncOptions(false, Duration.ZERO, 1, Duration.ZERO);
    }

    /**
     * @param wait how long to wait before the first attempt (durable only)
     * @return these options with that delay
     */
    public AsyncOptions delay(Duration wait) {
        requireDurable("a delay");
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("the delay must be zero or more");
        }
        return new AsyncOptions(true, wait, maxAttempts, backoff);
    }

    /**
     * @param attempts attempts in all, 1 to 100 (durable only)
     * @return these options with that many attempts
     */
    public AsyncOptions maxAttempts(int attempts) {
        requireDurable("retries");
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 100");
        }
        return new AsyncOptions(true, delay, attempts, backoff);
    }

    /**
     * @param first the wait after the first failed attempt, doubled after each next one (durable only)
     * @return these options with that backoff
     */
    public AsyncOptions backoff(Duration first) {
        requireDurable("a backoff");
        if (first == null || first.isNegative()) {
            throw new IllegalArgumentException("the backoff must be zero or more");
        }
        return new AsyncOptions(true, delay, maxAttempts, first);
    }

    private void requireDurable(String what) {
        if (!durable) {
            throw new IllegalArgumentException(what + " needs a durable invocation; in-memory ones run once, at once");
        }
    }

    /** @return whether the invocation is stored and survives a node */
    public boolean isDurable() {
        return durable;
    }

    /** @return the wait before the first attempt */
    public Duration delay() {
        return delay;
    }

    /** @return attempts in all */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the wait after the first failed attempt */
    public Duration backoff() {
        return backoff;
    }

    @Override
    public String toString() {
        return durable ? "durable, delay " + delay + ", " + maxAttempts + " attempts, backoff " + backoff : "in memory";
    }
}
