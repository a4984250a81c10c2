package io.conduit.common.task;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The two things every thread pool of Conduit needs: named daemon threads, and a bounded stop. */
public final class Threads {

    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    /**
     * @param name what the threads do; they are called {@code conduit-<name>}, then {@code -2}, {@code -3}...
     * @return a factory of daemon threads, so a pool never keeps the JVM alive
     */
    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.incrementAndGet();
            Thread thread = new Thread(r, "conduit-" + name + (n == 1 ? "" : "-" + n));
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops a pool: no new work, work under way gets {@code timeout} to finish, then is
     * interrupted and gets {@code timeout} again. Keeps the caller's interrupt.
     *
     * @return whether every thread ended
     */
    public static boolean stop(ExecutorService pool, Duration timeout, String name) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            pool.shutdownNow();
            if (pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("{} - did not stop within {} ms of being interrupted", name, 2 * timeout.toMillis());
            return false;
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
