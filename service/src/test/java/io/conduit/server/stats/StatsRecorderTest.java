package io.conduit.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.Totals;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StatsRecorderTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void swappingWhileFourThreadsRecordLosesAndDoublesNothing() throws Exception {
        StatsRecorder recorder = new StatsRecorder(Map.of(), Long.MAX_VALUE, "n1", clock);
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch done = new CountDownLatch(threads);
        AtomicBoolean stop = new AtomicBoolean();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    recorder.record("svc", "cid", 1_000 + i % 7, i % 100 == 0);
                }
                done.countDown();
            }).start();
        }
        long count = 0;
        long failures = 0;
        long nanos = 0;
        while (!stop.get()) {
            stop.set(done.getCount() == 0);
            long[] seen = new long[3];
            recorder.drain((service, interval) -> {
                Totals t = interval.totals();
                seen[0] += t.count();
                seen[1] += t.failures();
                seen[2] += t.totalNanos();
            });
            count += seen[0];
            failures += seen[1];
            nanos += seen[2];
        }

        long expectedNanos = 0;
        for (int i = 0; i < perThread; i++) {
            expectedNanos += 1_000 + i % 7;
        }
        assertThat(count).isEqualTo((long) threads * perThread);
        assertThat(failures).isEqualTo((long) threads * (perThread / 100));
        assertThat(nanos).isEqualTo(threads * expectedNanos);
    }

    @Test
    void onlyCallsOverTheirServicesThresholdAreKeptAsSlow() {
        StatsRecorder recorder = new StatsRecorder(Map.of("slow.one", 5_000_000L), 1_000_000_000L, "n1", clock);
        recorder.record("slow.one", "c1", 6_000_000, false);
        recorder.record("slow.one", "c2", 4_000_000, false);
        recorder.record("other", "c3", 6_000_000, false);

        SlowCall call = recorder.pollSlowCall();
        assertThat(call.cid()).isEqualTo("c1");
        assertThat(call.millis()).isEqualTo(6.0);
        assertThat(call.node()).isEqualTo("n1");
        assertThat(recorder.pollSlowCall()).isNull();
    }

    @Test
    void aggregatesKeepEachMinuteHourAndDayAndBoundWhatRedisHasNotTaken() {
        StatsRecorder recorder = new StatsRecorder(Map.of(), Long.MAX_VALUE, "n1", clock);
        Aggregates aggregates = new Aggregates(Map.of(Resolution.MINUTE, 2, Resolution.HOUR, 2, Resolution.DAY, 2));
        Map<String, Long> byMinute = new HashMap<>();
        for (int minute = 0; minute < 5; minute++) {
            recorder.record("svc", "c", 10, false);
            recorder.record("svc", "c", 30, false);
            Instant at = Instant.parse("2026-11-25T10:00:00Z").plusSeconds(60L * minute);
            recorder.drain((service, interval) -> aggregates.add(service, at, interval));
            byMinute.put(at.toString(), 2L);
        }
        List<Aggregates.Dirty> dirty = aggregates.dirty();
        assertThat(dirty).filteredOn(d -> d.resolution() == Resolution.MINUTE).hasSize(5);
        Aggregates.Dirty hour = dirty.stream().filter(d -> d.resolution() == Resolution.HOUR).findFirst().orElseThrow();
        assertThat(hour.entry().totals()).isEqualTo(new Totals(10, 0, 200, 10, 30));
        assertThat(hour.entry().histogram().getTotalCount()).isEqualTo(10);

        long lost = aggregates.evict(Instant.parse("2026-11-25T10:04:30Z"));

        assertThat(lost).as("two past minutes are kept unwritten, two dropped").isEqualTo(4);
        assertThat(aggregates.held(Resolution.MINUTE)).isEqualTo(3);
        aggregates.written(new ArrayList<>(aggregates.dirty()));
        assertThat(aggregates.evict(Instant.parse("2026-11-25T10:04:30Z"))).isZero();
        assertThat(aggregates.held(Resolution.MINUTE)).isEqualTo(1);
        assertThat(aggregates.held(Resolution.HOUR)).isEqualTo(1);
    }
}
