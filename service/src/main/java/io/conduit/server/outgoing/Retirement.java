package io.conduit.server.outgoing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How a pool that a repoint replaced steps aside without cutting a call short: once it is
 * {@linkplain #retire retired}, every call that starts goes to its successor (the connection's
 * current pool of the same name), and it may be closed once the calls still running on it have
 * finished (it is {@linkplain #drained drained}). HTTP pools, SQL pools and AMQP publishers share it.
 *
 * @param <T> the kind of pool
 */
final class Retirement<T> {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Function<String, T> successor;

    /**
     * Counts a call in, unless the pool is retired. Counting first and checking second means that
     * once {@link #drained()} has seen no call in flight, no call can start on the pool any more.
     *
     * @return whether the call runs on this pool (then it must {@link #leave()}); else it goes to
     *         the {@link #successor}, uncounted
     */
    boolean enter() {
        inFlight.incrementAndGet();
        if (successor == null) {
            return true;
        }
        inFlight.decrementAndGet();
        return false;
    }

    /** Counts a call that {@link #enter() entered} out. */
    void leave() {
        inFlight.decrementAndGet();
    }

    /** @return the pool that calls to the connection {@code name} go to now */
    T successor(String name) {
        return successor.apply(name);
    }

    /** From now on calls go to the connection's current pool, as {@code current} finds it by name. */
    void retire(Function<String, T> current) {
        successor = current;
    }

    /** @return whether the pool is retired and no call runs on it any more: it can be closed */
    boolean drained() {
        return successor != null && inFlight.get() == 0;
    }
}
