package io.conduit.common.task;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job that runs again and again on a thread of its own, for as long as the process lives:
 * every periodic task of Conduit (statistics flush, config sync, heartbeat, pickup watcher, node
 * joiner, broker, pools) is one. Modelled on metrics' {@code ScheduledReporter}: whatever one run
 * throws, {@link Error}s included, is logged with the task's name and the next run happens as
 * planned. {@link #stop()} is idempotent and bounded: shutdown, wait, interrupt, wait again.
 *
 * <p>One-off work may run on the same thread ({@link #execute}, {@link #submit}, {@link #schedule}),
 * so a task's state is only ever touched by one thread.
 */
public final class BackgroundTask implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    private final String name;
    private final Runnable job;
    private final Schedule schedule;
    private final Duration stopTimeout;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastRunAt;
    private volatile String lastFailure;

    /**
     * @param name        what the task is, in its thread's name and in log lines (e.g. {@code stats-flusher})
     * @param schedule    when {@code job} runs
     * @param stopTimeout how long {@link #stop()} waits for a run in progress
     * @param clock       the time of each run, as {@link #status()} reports it
     * @param job         one run
     */
    public BackgroundTask(String name, Schedule schedule, Duration stopTimeout, Clock clock, Runnable job) {
        this.name = name;
        this.job = job;
        this.schedule = schedule;
        this.stopTimeout = stopTimeout;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, Threads.daemon(name));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /** A task with the default stop timeout of ten seconds and the system clock. */
    public BackgroundTask(String name, Schedule schedule, Runnable job) {
        this(name, schedule, Duration.ofSeconds(10), Clock.systemUTC(), job);
    }

    /** @return the task's name */
    public String name() {
        return name;
    }

    /** Starts the periodic runs; a second call does nothing. */
    @Override
    public void start() {
        if (!started.compareAndSet(false, true) || stopped.get()) {
            return;
        }
        long delay = schedule.firstRunAfter().toNanos();
        long period = schedule.interval().toNanos();
        if (schedule.fixedRate()) {
            executor.scheduleAtFixedRate(this::runOnce, delay, period, TimeUnit.NANOSECONDS);
        } else {
            executor.scheduleWithFixedDelay(this::runOnce, delay, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs the job once, now, on the caller's thread; what it throws is logged, as for a scheduled run. */
    public void runOnce() {
        lastRunAt = clock.instant();
        runs.incrementAndGet();
        try {
            job.run();
        } catch (Throwable e) {
            failed("run", e);
        }
    }

    /** Runs some work once on the task's thread, soon; ignored once stopping. */
    public void execute(Runnable work) {
        if (!executor.isShutdown()) {
            try {
                executor.execute(guarded(work));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping meanwhile
            }
        }
    }

    /**
     * Runs work on the task's thread and hands back its result.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the task is stopping
     */
    public <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }

    /** Runs some work once on the task's thread after a delay; dropped if the task stops first. */
    public ScheduledFuture<?> schedule(Runnable work, Duration delay) {
        return executor.schedule(guarded(work), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return whether {@link #stop()} has been called */
    public boolean isStopped() {
        return stopped.get();
    }

    /**
     * Stops the task: no run starts after this; a run in progress has the stop timeout to finish,
     * then is interrupted. Idempotent. Keeps the caller's interrupt.
     */
    @Override
    public void stop() {
        if (stopped.getAndSet(true)) {
            return;
        }
        Threads.stop(executor, stopTimeout, name);
    }

    /**
     * Stops at once: interrupts a run in progress (for a job that blocks, such as a subscription),
     * then waits for it as {@link #stop()} does.
     */
    public void stopNow() {
        if (!stopped.get()) {
            executor.shutdownNow();
        }
        stop();
    }

    /** What the task has done so far. */
    public record Status(String name, long runs, long failures, Instant lastRunAt, String lastFailure) {
    }

    /** @return its runs, failures and the last of each */
    public Status status() {
        return new Status(name, runs.get(), failures.get(), lastRunAt, lastFailure);
    }

    private Runnable guarded(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (Throwable e) {
                failed("one-off work", e);
            }
        };
    }

    private void failed(String what, Throwable e) {
        failures.incrementAndGet();
        lastFailure = e.toString();
        LOG.error("{} - {} failed; the task goes on (next run as scheduled)", name, what, e);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When a task runs.
     *
     * @param interval      between runs (from the end of one to the start of the next, unless {@code fixedRate})
     * @param firstRunAfter the delay before the first run
     * @param fixedRate     runs start every {@code interval}, on a fixed beat, whatever each run takes
     */
    public record Schedule(Duration interval, Duration firstRunAfter, boolean fixedRate) {

        public Schedule {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a task's interval must be positive, not " + interval);
            }
            if (firstRunAfter.isNegative()) {
                throw new IllegalArgumentException("a task's first run cannot be in the past: " + firstRunAfter);
            }
        }

        /** @return runs every {@code interval}, the first one at once */
        public static Schedule every(Duration interval) {
            return new Schedule(interval, Duration.ZERO, false);
        }

        /** @return the same schedule, its first run after {@code delay} */
        public Schedule firstAfter(Duration delay) {
            return new Schedule(interval, delay, fixedRate);
        }

        /** @return the same schedule on a fixed beat */
        public Schedule atFixedRate() {
            return new Schedule(interval, firstRunAfter, true);
        }
    }
}
