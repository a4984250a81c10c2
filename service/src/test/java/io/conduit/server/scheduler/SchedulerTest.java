package io.conduit.server.scheduler;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.TestRedis;
import io.conduit.server.tracing.Tracing;
import io.conduit.testing.MovableClock;
import io.conduit.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedulers of several nodes sharing one real Redis, on a clock the test moves: each due time runs
 * once, whichever nodes tick; a node that stops leaves its runs to the others; cron, misfire, overlap.
 */
class SchedulerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final RedisServer server = new RedisServer(UUID.randomUUID().toString()).start();
    private final Redis redis = TestRedis.client(server);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00.050Z"));
    /** every run: "node scheduledAt" */
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final List<Job> jobs = new ArrayList<>();

    @AfterEach
    void stop() {
        redis.stop();
        server.close();
    }

    @Test
    void aJobEverySecondRunsOncePerDueTimeOnThreeNodesAndANodeThatStopsLeavesItsRunsToTheOthers() {
        jobs.add(job("tick", "interval", "1s", null, null, "skip", false));
        List<Scheduler> nodes = List.of(node("server1"), node("server2"), node("server3"));
        for (int step = 0; step < 300; step++) {
            clock.advance(Duration.ofMillis(100));
            for (int i = 0; i < nodes.size(); i++) {
                Scheduler s = nodes.get((step + i) % nodes.size());
                if (step < 150 || s != nodes.get(0)) {
                    s.tick();
                }
            }
        }
        assertThat(runs).hasSize(30);
        assertThat(runs.stream().map(r -> r.split(" ")[1]).distinct()).as("never twice for one due time").hasSize(30);
        assertThat(runs.subList(15, 30)).as("after server1 stopped").noneMatch(r -> r.startsWith("server1"));
        assertThat(runs.subList(15, 30).stream().map(r -> r.split(" ")[0]).distinct()).hasSize(2);
    }

    @Test
    void aCronJobFiresAtItsMinuteInItsTimeZone() {
        jobs.add(bind(Job.KIND, "{'name': 'report', 'service': 'svc.report', 'type': 'cron', 'cron': '5 11 * * *',"
                + " 'timeZone': 'Europe/Berlin'}"));
        Scheduler node = node("server1");
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        node.tick();
        assertThat(runs).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        node.tick();
        assertThat(runs).containsExactly("server1 2026-11-30T10:05:00Z");
        assertThat(node.nextRun(jobs.get(0))).contains(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void runsMissedWhileNoNodeWasUpAreSkippedOrRunOnce() {
        jobs.add(job("skipper", "interval", "1m", null, null, "skip", false));
        jobs.add(job("catcher", "interval", "1m", null, null, "run-once", false));
        Scheduler before = node("server1");
        clock.advance(Duration.ofMinutes(1));
        before.tick();
        assertThat(runs).containsExactlyInAnyOrder("server1 2026-11-30T10:01:00Z", "server1 2026-11-30T10:01:00Z");
        runs.clear();

        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        Scheduler after = node("server2");
        after.tick();
        assertThat(runs).as("catcher once for the five missed, skipper not").containsExactly("server2 2026-11-30T10:06:00Z");
        assertThat(after.history("catcher")).hasSize(2);
        assertThat(after.history("skipper")).hasSize(1);
        runs.clear();
        clock.advance(Duration.ofSeconds(30));
        after.tick();
        assertThat(runs).hasSize(2);
    }

    @Test
    void aRunStillGoingWhenTheNextIsDueIsNotStartedTwice() throws Exception {
        jobs.add(job("slow", "interval", "1s", null, null, "skip", false));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        Scheduler node = new Scheduler(redis, (job, due, cid) -> {
            runs.add("server1 " + due);
            release.await(10, TimeUnit.SECONDS);
        }, threads, MAPPER, "server1", (j, o) -> { }, Tracing.off("server1", "dev"), clock);
        node.apply(jobs);
        node.tick();
        clock.advance(Duration.ofSeconds(1));
        node.tick();
        awaitRuns(1);
        clock.advance(Duration.ofSeconds(1));
        node.tick();
        List<HistoryRow> history = awaitHistory(node, "slow", 1);
        assertThat(history.get(0).outcome()).isEqualTo("skipped");
        assertThat(history.get(0).error()).contains("still going");
        release.countDown();
        history = awaitHistory(node, "slow", 2);
        assertThat(history.get(0).outcome()).isEqualTo("ok");
        assertThat(history.get(0).scheduledAt()).isEqualTo("2026-11-30T10:00:01Z");
        assertThat(runs).hasSize(1);
        threads.shutdownNow();
    }

    @Test
    void aOneTimeJobRunsOnceAndFailuresAreRecorded() {
        jobs.add(job("once", "one-time", null, null, "2026-11-30T10:00:02Z", "skip", false));
        Scheduler node = new Scheduler(redis, (job, due, cid) -> {
            throw new IllegalStateException("the backend said no");
        }, Runnable::run, MAPPER, "server1", (j, o) -> { }, Tracing.off("server1", "dev"), clock);
        node.apply(jobs);
        node.tick();
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(100));
            node.tick();
        }
        List<HistoryRow> history = node.history("once");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).outcome()).isEqualTo("failed");
        assertThat(history.get(0).error()).isEqualTo("IllegalStateException: the backend said no");
        assertThat(node.nextRun(jobs.get(0))).isEmpty();
    }

    /** A node's scheduler, its jobs loaded and its first tick done. */
    private Scheduler node(String name) {
        Scheduler s = new Scheduler(redis, (job, due, cid) -> runs.add(name + " " + due), Runnable::run,
                MAPPER, name, (j, o) -> { }, Tracing.off("server1", "dev"), clock);
        s.apply(jobs);
        s.tick();
        return s;
    }

    private static Job job(String name, String type, String every, String cron, String startAt, String misfire,
                           boolean overlap) {
        return bind(Job.KIND, "{'name': '" + name + "', 'service': 'svc." + name + "', 'type': '" + type + "', 'every': "
                + quoted(every) + ", 'cron': " + quoted(cron) + ", 'startAt': " + quoted(startAt) + ", 'misfire': "
                + quoted(misfire) + ", 'overlap': " + overlap + "}");
    }

    private static String quoted(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    private void awaitRuns(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runs.size() < n) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static List<HistoryRow> awaitHistory(Scheduler node, String job, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<HistoryRow> history = node.history(job);
        while (history.size() < n) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            history = node.history(job);
        }
        return history;
    }
}
