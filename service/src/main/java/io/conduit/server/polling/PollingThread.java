package io.conduit.server.polling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread a poller of a file or IMAP channel polls on: every {@code every}, one poll after the
 * other; a poll that fails is logged and reported, and the next one comes all the same.
 */
final class PollingThread {

    private static final Logger LOG = LoggerFactory.getLogger(PollingThread.class);

    /** Told when a poll failed unexpectedly. */
    @FunctionalInterface
    interface Failures {
        void failed(Throwable error);
    }

    private final String name;
    private final Duration every;
    private final Runnable poll;
    private final Failures failures;
    private ScheduledExecutorService thread;

    /** @param name the thread's name, e.g. {@code file-channel-partner-drop} */
    PollingThread(String name, Duration every, Runnable poll, Failures failures) {
        this.name = name;
        this.every = every;
        this.poll = poll;
        this.failures = failures;
    }

    /** @return whether it was started */
    synchronized boolean started() {
        return thread != null;
    }

    synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::pollSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            poll.run();
        } catch (RuntimeException | Error e) {
            failures.failed(e);
            LOG.error("{}: a poll failed; the next one comes in {}", name, every, e);
        }
    }

    /**
     * Stops polling, waiting up to {@code grace} for the poll in hand; past it the poll is interrupted
     * (a file or mail in hand is let go, or its claim runs out and another node takes it).
     */
    void stop(Duration grace) {
        ScheduledExecutorService running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
