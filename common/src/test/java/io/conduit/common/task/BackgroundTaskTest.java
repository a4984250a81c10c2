package io.conduit.common.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.task.BackgroundTask.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundTaskTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void anErrorThrownByOneRunDoesNotStopTheNextRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fiveRuns = new CountDownLatch(5);
        BackgroundTask task = new BackgroundTask("test", Schedule.every(Duration.ofMillis(5)), Duration.ofSeconds(1),
                CLOCK, () -> {
                    fiveRuns.countDown();
                    switch (runs.incrementAndGet()) {
                        case 1 -> throw new OutOfMemoryError("simulated");
                        case 2 -> throw new IllegalStateException("simulated");
                        case 3 -> throw new StackOverflowError();
                        default -> { }
                    }
                });
        task.start();
        try {
            assertThat(fiveRuns.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            task.stop();
        }
        BackgroundTask.Status status = task.status();
        assertThat(status.failures()).isEqualTo(3);
        assertThat(status.runs()).isGreaterThanOrEqualTo(5);
        assertThat(status.lastRunAt()).isEqualTo(CLOCK.instant());
        assertThat(status.lastFailure()).contains("StackOverflowError");
    }

    @Test
    void stopIsIdempotentAndNoRunStartsAfterIt() {
        AtomicInteger runs = new AtomicInteger();
        BackgroundTask task = new BackgroundTask("test", Schedule.every(Duration.ofMillis(1)), Duration.ofSeconds(1),
                CLOCK, runs::incrementAndGet);
        task.start();
        task.stop();
        int afterStop = runs.get();
        task.stop();
        task.start();

        assertThat(task.isStopped()).isTrue();
        assertThat(runs.get()).isEqualTo(afterStop);
    }

    @Test
    void aRunThatDoesNotEndIsInterruptedWithinTheStopBound() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BackgroundTask task = new BackgroundTask("blocked", Schedule.every(Duration.ofSeconds(1)),
                Duration.ofMillis(100), CLOCK, () -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                });
        task.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        task.stop();

        assertThat(interrupted.getCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stopKeepsTheCallersInterrupt() {
        BackgroundTask task = new BackgroundTask("test", Schedule.every(Duration.ofSeconds(1)), () -> { });
        task.start();
        Thread.currentThread().interrupt();
        try {
            task.stop();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void oneOffWorkRunsOnTheTasksThreadAndSurvivesItsOwnFailure() throws Exception {
        BackgroundTask task = new BackgroundTask("worker", Schedule.every(Duration.ofHours(1)).firstAfter(Duration.ofHours(1)),
                () -> { });
        task.start();
        try {
            task.execute(() -> {
                throw new AssertionError("simulated");
            });
            String thread = task.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
            assertThat(thread).isEqualTo("conduit-worker");
            assertThat(task.status().failures()).isEqualTo(1);
        } finally {
            task.stop();
        }
    }
}
