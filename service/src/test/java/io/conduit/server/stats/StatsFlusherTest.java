package io.conduit.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.Counter;
import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.Totals;
import io.conduit.testing.MovableClock;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The flusher against a fake sink: outages, retries and the backlog bound, in milliseconds. */
class StatsFlusherTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00.500Z"));
    private final FakeSink sink = new FakeSink();
    private final StatsRecorder recorder = new StatsRecorder(Map.of(), TimeUnit.SECONDS.toNanos(1), "server1", clock);
    private final Counter failedFlushes = new Counter();
    private final Counter lostCalls = new Counter();
    private final ServiceMetrics prometheus = new ServiceMetrics();
    private final StatsFlusher flusher = new StatsFlusher(recorder, sink, Duration.ofSeconds(1),
            Map.of(Resolution.MINUTE, 2, Resolution.HOUR, 2, Resolution.DAY, 2), clock, failedFlushes, lostCalls,
            prometheus);

    @Test
    void aFlushWritesEachServicesAbsoluteTotalsForItsMinuteHourAndDay() {
        call("billing", 5);
        call("billing", 7);
        call("quotes", 1);

        flusher.flush();

        assertThat(sink.batches).hasSize(1);
        assertThat(totals(sink.batches.get(0), Resolution.MINUTE, "billing"))
                .isEqualTo(new Totals(2, 0, TimeUnit.MILLISECONDS.toNanos(12), TimeUnit.MILLISECONDS.toNanos(5),
                        TimeUnit.MILLISECONDS.toNanos(7)));
        assertThat(sink.batches.get(0)).extracting(Aggregates.Dirty::resolution)
                .containsOnly(Resolution.MINUTE, Resolution.HOUR, Resolution.DAY).hasSize(6);
    }

    @Test
    void whileTheSinkIsAwayNothingIsLostAndTheFirstFlushThatWorksWritesTheWhole() {
        call("billing", 5);
        call("billing", 5);
        sink.down = true;
        flusher.flush();
        call("billing", 5);
        clock.advance(Duration.ofSeconds(1));
        flusher.flush();
        assertThat(failedFlushes.getCount()).isEqualTo(2);

        sink.down = false;
        clock.advance(Duration.ofSeconds(1));
        flusher.flush();

        assertThat(totals(sink.batches.get(sink.batches.size() - 1), Resolution.MINUTE, "billing").count()).isEqualTo(3);
        assertThat(lostCalls.getCount()).isZero();
    }

    @Test
    void whatIsWrittenAndUnchangedIsNotWrittenAgain() {
        call("billing", 5);
        flusher.flush();
        clock.advance(Duration.ofSeconds(1));
        flusher.flush();

        assertThat(sink.batches).hasSize(1);
    }

    @Test
    void minutesBeyondTheBacklogAreDroppedAndCountedAsLost() {
        sink.down = true;
        call("billing", 5);
        call("billing", 5);
        flushAfter(Duration.ofSeconds(1));
        for (int minute = 1; minute <= 3; minute++) {
            flushAfter(Duration.ofMinutes(1).minusSeconds(1));
            call("billing", 5);
            flushAfter(Duration.ofSeconds(1));
        }

        assertThat(lostCalls.getCount()).as("the two calls of the first minute, three minutes back with a backlog of two")
                .isEqualTo(2);
        sink.down = false;
        flusher.flush();
        List<Aggregates.Dirty> last = sink.batches.get(sink.batches.size() - 1);
        assertThat(last.stream().filter(d -> d.resolution() == Resolution.MINUTE).count()).isEqualTo(3);
    }

    @Test
    void prometheusCountsTheCallsTheDashboardCountsBucketByBucket() {
        long[] millis = {0, 1, 3, 7, 30, 240, 900, 4000};
        for (long m : millis) {
            call("billing", m);
        }
        recorder.record("billing", "cid", TimeUnit.MILLISECONDS.toNanos(20), true);
        flusher.flush();
        call("billing", 2);
        clock.advance(Duration.ofSeconds(1));
        flusher.flush();

        Aggregates.Entry minute = sink.batches.get(sink.batches.size() - 1).stream()
                .filter(d -> d.resolution() == Resolution.MINUTE).findFirst().orElseThrow().entry();
        HistogramSnapshot.HistogramDataPointSnapshot latency = ((HistogramSnapshot) prometheus.collect().stream()
                .filter(m -> m.getMetadata().getName().equals("conduit_service_duration_seconds")).findFirst()
                .orElseThrow()).getDataPoints().get(0);
        CounterSnapshot invocations = (CounterSnapshot) prometheus.collect().stream()
                .filter(m -> m.getMetadata().getName().equals("conduit_service_invocations")).findFirst().orElseThrow();

        assertThat(latency.getCount()).isEqualTo(minute.totals().count()).isEqualTo(10);
        assertThat(invocations.getDataPoints()).extracting(d -> d.getLabels().get("outcome"), d -> (long) d.getValue())
                .containsExactlyInAnyOrder(tuple("ok", 9L), tuple("failed", minute.totals().failures()));
        assertThat(latency.getSum()).isCloseTo(minute.totals().totalNanos() / 1e9, within(1e-9));
        long cumulative = 0;
        for (ClassicHistogramBucket bucket : latency.getClassicBuckets()) {
            cumulative += bucket.getCount();
            long micros = Double.isInfinite(bucket.getUpperBound()) ? Histograms.HIGHEST_MICROS
                    : Math.round(bucket.getUpperBound() * 1e6);
            assertThat(cumulative).as("calls of at most %s s", bucket.getUpperBound())
                    .isEqualTo(minute.histogram().getCountBetweenValues(0, micros));
        }
        assertThat(latency.getClassicBuckets().getCount(latency.getClassicBuckets().size() - 1))
                .as("the 4 s call, over the 2.5 s bound and under 5 s, is not in +Inf").isZero();
    }

    /** As the flusher's task does: the interval's calls count in the minute it began in. */
    private void flushAfter(Duration interval) {
        clock.advance(interval);
        flusher.flush();
    }

    private void call(String service, long millis) {
        recorder.record(service, "cid", TimeUnit.MILLISECONDS.toNanos(millis), false);
    }

    private static Totals totals(List<Aggregates.Dirty> batch, Resolution resolution, String service) {
        return batch.stream().filter(d -> d.resolution() == resolution && d.service().equals(service)).findFirst()
                .orElseThrow().entry().totals();
    }

    /** Keeps what it is given, or fails while down. */
    private static final class FakeSink implements StatsSink {
        final List<List<Aggregates.Dirty>> batches = new ArrayList<>();
        boolean down;

        @Override
        public void write(List<Aggregates.Dirty> dirty, List<SlowCall> slow) {
            if (down) {
                throw new StatsSinkException("Connection refused", null);
            }
            batches.add(List.copyOf(dirty));
        }

        @Override
        public String address() {
            return "the fake sink";
        }
    }
}
