package io.conduit.server.invoke;

import io.conduit.common.task.Threads;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run {@code invokeAsync} calls, with a bounded queue: when it is full, the
 * caller is told at once rather than the node running out of memory.
 */
public final class BackgroundInvocations implements Executor, Managed {

    private final ThreadPoolExecutor pool;

    public BackgroundInvocations(int threads, int queueSize) {
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                Threads.daemon("async"), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** Lets queued invocations finish, for up to ten seconds; then interrupts them. Idempotent. */
    @Override
    public void stop() {
        Threads.stop(pool, Duration.ofSeconds(10), "async");
    }
}
