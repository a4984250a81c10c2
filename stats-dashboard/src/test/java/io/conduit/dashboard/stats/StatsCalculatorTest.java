package io.conduit.dashboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics' arithmetic against numbers worked out by hand. */
class StatsCalculatorTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T10:30:30Z"), ZoneOffset.UTC);

    private final MemorySource calls = new MemorySource()
            .call("app.a", "2026-11-25T10:00:10Z", 100)
            .call("app.a", "2026-11-25T10:00:20Z", 200)
            .call("app.a", "2026-11-25T10:29:00Z", 300)
            .calls("app.b", "2026-11-25T09:45:00Z", Duration.ofSeconds(1), 4, 50)
            .call("app.c", "2026-11-25T09:20:00Z", 1000);

    @Test
    void lastHourHasExactMeansSharesRatesAndTrends() {
        StatsReport r = top(NOW, ZoneOffset.UTC, "last-hour", "mean", 10, calls);

        assertThat(r.start()).isEqualTo(Instant.parse("2026-11-25T09:31:00Z"));
        assertThat(r.stop()).isEqualTo(Instant.parse("2026-11-25T10:31:00Z"));
        assertThat(r.allServicesUsage()).isEqualTo(7);
        assertThat(r.services()).isEqualTo(2);
        assertThat(r.averageMean()).isEqualTo(125.0);
        assertThat(r.rows()).extracting(StatsReport.Row::service).containsExactly("app.a", "app.b");

        StatsReport.Row a = r.rows().get(0);
        assertThat(a.mean()).isEqualTo(200.0);
        assertThat(a.usage()).isEqualTo(3);
        assertThat(a.usageShare()).isCloseTo(100.0 * 3 / 7, within(1e-9));
        assertThat(a.timeShare()).isCloseTo(75.0, within(1e-9));
        assertThat(a.min()).isEqualTo(100.0);
        assertThat(a.max()).isEqualTo(300.0);
        assertThat(a.rate()).isCloseTo(3 / 3570.0, within(1e-12));
        assertThat(a.usagePerHour()).isCloseTo(3 / (3570.0 / 3600), within(1e-9));
        assertThat(a.meanTrend()).hasSize(60);
        assertThat(a.meanTrend().get(29)).isEqualTo(150.0);
        assertThat(a.meanTrend().get(58)).isEqualTo(300.0);
        assertThat(a.meanTrend().get(0)).isNull();
        assertThat(a.usageTrend().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);

        StatsReport.Row b = r.rows().get(1);
        assertThat(b.mean()).isEqualTo(50.0);
        assertThat(b.usageShare()).isCloseTo(100.0 * 4 / 7, within(1e-9));
        assertThat(b.timeShare()).isCloseTo(25.0, within(1e-9));
        assertThat(b.usageTrend().get(14)).isEqualTo(4L);
    }

    @Test
    void sharesAddUpToAHundredAndUsageOrdersTheOtherTable() {
        StatsReport r = top(NOW, ZoneOffset.UTC, "today", "usage", 10, calls);

        assertThat(r.rows()).extracting(StatsReport.Row::service).containsExactly("app.b", "app.a", "app.c");
        assertThat(r.rows().stream().mapToDouble(StatsReport.Row::usageShare).sum()).isCloseTo(100.0, within(1e-9));
        assertThat(r.rows().stream().mapToDouble(StatsReport.Row::timeShare).sum()).isCloseTo(100.0, within(1e-9));
        assertThat(r.averageMean()).isCloseTo((200.0 + 50 + 1000) / 3, within(1e-9));
        assertThat(r.rows().get(0).usageTrend()).hasSize(24);
        assertThat(r.rows().get(0).usageTrend().get(9)).isEqualTo(4L);
        assertThat(top(NOW, ZoneOffset.UTC, "today", "usage", 1, calls).rows()).hasSize(1);
    }

    @Test
    void theMeanIsCallWeightedNotAnAverageOfMinutes() {
        MemorySource skewed = new MemorySource()
                .call("app.x", "2026-11-25T10:00:00Z", 1000)
                .calls("app.x", "2026-11-25T10:01:00Z", Duration.ofMillis(100), 9, 10);

        StatsReport.Row x = top(NOW, ZoneOffset.UTC, "last-hour", "mean", 10, skewed).rows().get(0);

        assertThat(x.mean()).isEqualTo((1000 + 9 * 10) / 10.0);
    }

    @Test
    void callsEitherSideOfMidnightFallInTheirOwnDay() {
        Clock justAfterMidnight = Clock.fixed(Instant.parse("2026-11-25T00:00:30Z"), ZoneOffset.UTC);
        MemorySource midnight = new MemorySource()
                .call("app.a", "2026-11-24T23:59:59Z", 40)
                .call("app.a", "2026-11-25T00:00:01Z", 60);

        StatsReport today = top(justAfterMidnight, ZoneOffset.UTC, "today", "mean", 10, midnight);
        StatsReport yesterday = top(justAfterMidnight, ZoneOffset.UTC, "yesterday", "mean", 10, midnight);

        assertThat(today.rows().get(0).mean()).isEqualTo(60.0);
        assertThat(yesterday.rows().get(0).mean()).isEqualTo(40.0);
        assertThat(yesterday.rows().get(0).usageTrend().get(23)).isEqualTo(1L);
        assertThat(today.rows().get(0).rate()).isCloseTo(1 / 30.0, within(1e-12));
    }

    @Test
    void aCustomPeriodAcrossAnHourBoundaryUsesMinutesAtItsEdges() {
        Periods periods = new Periods(NOW, ZoneOffset.UTC);
        Period p = periods.custom(Instant.parse("2026-11-25T09:30:00Z"), Instant.parse("2026-11-25T10:30:00Z"));
        assertThat(BucketCover.of(p.start().toInstant(), p.stop().toInstant())).hasSize(60);
        assertThat(p.slices()).hasSize(60);

        StatsReport r = new StatsCalculator(calls, NOW).compute(new StatsQuery(p, "usage", 10, null, false, false));

        assertThat(r.allServicesUsage()).isEqualTo(7);
        assertThat(r.rows()).extracting(StatsReport.Row::service).containsExactly("app.b", "app.a");
    }

    @Test
    void theWeekStartsOnMondayInTheConfiguredTimeZone() {
        ZoneId warsaw = ZoneId.of("Europe/Warsaw");
        Clock wednesday = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        MemorySource week = new MemorySource()
                .call("app.a", "2026-11-22T22:59:00Z", 10)
                .call("app.a", "2026-11-22T23:30:00Z", 20)
                .call("app.a", "2026-11-25T11:00:00Z", 30);

        StatsReport r = top(wednesday, warsaw, "this-week", "mean", 10, week);

        assertThat(r.start()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(r.rows().get(0).usage()).isEqualTo(2);
        assertThat(r.rows().get(0).mean()).isEqualTo(25.0);
        assertThat(r.rows().get(0).usageTrend()).containsExactly(1L, 0L, 1L, 0L, 0L, 0L, 0L);
    }

    @Test
    void aMonthHasItsDaysAndSteppingBackGivesThePreviousMonth() {
        Periods periods = new Periods(NOW, ZoneOffset.UTC);
        Period november = periods.named("this-month");
        Period october = november.shift(-1);

        assertThat(november.slices()).hasSize(30);
        assertThat(october.start().toInstant()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(october.stop().toInstant()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(october.slices()).hasSize(31);
        assertThat(periods.named("this-year").slices()).hasSize(12);
        assertThat(november.shift(1).start().toInstant()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void comparisonPeriodsFindWhatTheCurrentOneDoesNot() {
        Periods periods = new Periods(NOW, ZoneOffset.UTC);
        Period previousHour = periods.named("last-hour").shift(-1);
        Period dayBefore = periods.named("last-hour").minus(Duration.ofDays(1));

        StatsReport previous = new StatsCalculator(calls, NOW).compute(new StatsQuery(previousHour, "mean", 10, null,
                false, false));

        assertThat(previous.start()).isEqualTo(Instant.parse("2026-11-25T08:31:00Z"));
        assertThat(previous.rows()).extracting(StatsReport.Row::service).containsExactly("app.c");
        assertThat(previous.rows().get(0).rate()).isCloseTo(1 / 3600.0, within(1e-12));
        assertThat(dayBefore.start().toInstant()).isEqualTo(Instant.parse("2026-11-24T09:31:00Z"));
    }

    @Test
    void anEmptyPeriodAndASingleServiceAreWellDefined() {
        StatsReport empty = top(NOW, ZoneOffset.UTC, "yesterday", "mean", 10, calls);
        assertThat(empty.rows()).isEmpty();
        assertThat(empty.allServicesUsage()).isZero();
        assertThat(empty.averageMean()).isZero();

        MemorySource one = new MemorySource().call("app.only", "2026-11-25T10:10:00Z", 12.5);
        StatsReport single = top(NOW, ZoneOffset.UTC, "last-hour", "mean", 10, one);
        StatsReport.Row row = single.rows().get(0);
        assertThat(row.usageShare()).isEqualTo(100.0);
        assertThat(row.timeShare()).isEqualTo(100.0);
        assertThat(single.averageMean()).isEqualTo(row.mean()).isEqualTo(12.5);
    }

    @Test
    void percentilesComeFromTheMergedHistograms() {
        MemorySource spread = new MemorySource();
        for (int ms = 1; ms <= 100; ms++) {
            spread.call("app.p", "2026-11-25T10:" + String.format("%02d", ms % 30) + ":00Z", ms);
        }
        StatsQuery query = new StatsQuery(new Periods(NOW, ZoneOffset.UTC).named("last-hour"), "mean", 10, null, true,
                false);

        StatsReport.Row p = new StatsCalculator(spread, NOW).compute(query).rows().get(0);

        assertThat(p.p50()).isCloseTo(50.0, within(0.5));
        assertThat(p.p95()).isCloseTo(95.0, within(1.0));
        assertThat(p.p99()).isCloseTo(99.0, within(1.0));
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void theSeriesHasEveryCallAndFailureSliceBySliceWithTheTopServicesAndTheRest() {
        MemorySource source = new MemorySource().call("app.a", "2026-11-25T10:00:10Z", 100)
                .call("app.a", "2026-11-25T10:00:20Z", 200).failedCall("app.a", "2026-11-25T10:29:00Z", 300)
                .calls("app.b", "2026-11-25T09:45:00Z", Duration.ofSeconds(1), 4, 50)
                .call("app.c", "2026-11-25T10:00:30Z", 10).call("conduit.ping", "2026-11-25T10:00:30Z", 1);
        Period hour = new Periods(NOW, ZoneOffset.UTC).named("last-hour");

        StatsSeries s = new StatsCalculator(source, NOW).series(hour, 2);

        assertThat(s.slices()).hasSize(60).first().isEqualTo(Instant.parse("2026-11-25T09:31:00Z"));
        assertThat(s.seconds()).allMatch(sec -> sec == 60.0);
        assertThat(s.calls().stream().mapToLong(Long::longValue).sum()).as("every call, internal ones left out")
                .isEqualTo(8);
        assertThat(s.calls().get(29)).isEqualTo(3);
        assertThat(s.failures().get(58)).isEqualTo(1);
        assertThat(s.failures().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        assertThat(s.top().keySet()).containsExactly("app.b", "app.a");
        assertThat(s.top().get("app.b").get(14)).isEqualTo(4);
        assertThat(s.others().get(29)).as("app.c, not among the top 2").isEqualTo(1);
        for (int i = 0; i < 60; i++) {
            int slice = i;
            long stacked = s.others().get(i) + s.top().values().stream().mapToLong(l -> l.get(slice)).sum();
            assertThat(stacked).as("slice " + i + " stacks up to its calls").isEqualTo(s.calls().get(i));
        }
        StatsReport r = top(NOW, ZoneOffset.UTC, "last-hour", "usage", 10, source);
        assertThat(r.allServicesUsage()).as("the same calls as the tables").isEqualTo(8);
    }

    @Test
    void theSpreadPutsEveryCallInOneDoublingBucket() {
        MemorySource source = new MemorySource();
        for (int ms = 1; ms <= 100; ms++) {
            source.call("app.p", "2026-11-25T10:" + String.format("%02d", ms % 30) + ":00Z", ms);
        }
        source.call("app.q", "2026-11-25T10:10:00Z", 0.05);
        Period hour = new Periods(NOW, ZoneOffset.UTC).named("last-hour");

        StatsSeries.Spread all = new StatsCalculator(source, NOW).spread(hour, null);
        StatsSeries.Spread p = new StatsCalculator(source, NOW).spread(hour, "app.p");

        assertThat(all.calls()).isEqualTo(101);
        assertThat(all.buckets().stream().mapToLong(StatsSeries.Bucket::calls).sum()).isEqualTo(101);
        assertThat(all.buckets().get(0)).isEqualTo(new StatsSeries.Bucket(0, 0.1, 1));
        assertThat(p.buckets().get(0).fromMs()).as("from the first bucket with calls").isEqualTo(0.8);
        StatsSeries.Bucket oneToTwo = p.buckets().stream().filter(b -> b.fromMs() == 1.6).findFirst().orElseThrow();
        assertThat(oneToTwo.calls()).as("2 ms, in (1.6, 3.2]; and 3 ms").isEqualTo(2);
        assertThat(p.buckets().get(p.buckets().size() - 1)).isEqualTo(new StatsSeries.Bucket(51.2, 102.4, 49));
    }

    @Test
    void internalServicesAreCountedOnlyWhenAskedFor() {
        MemorySource withInternal = new MemorySource().call("app.a", "2026-11-25T10:10:00Z", 10)
                .call("conduit.ping", "2026-11-25T10:10:00Z", 1);
        Period hour = new Periods(NOW, ZoneOffset.UTC).named("last-hour");

        assertThat(new StatsCalculator(withInternal, NOW).compute(new StatsQuery(hour, "mean", 10, null, false, false))
                .rows()).extracting(StatsReport.Row::service).containsExactly("app.a");
        assertThat(new StatsCalculator(withInternal, NOW).compute(new StatsQuery(hour, "mean", 10, null, false, true))
                .allServicesUsage()).isEqualTo(2);
    }

    @Test
    void theBucketCoverUsesDaysHoursAndMinutes() {
        List<BucketCover.Bucket> cover = BucketCover.of(Instant.parse("2026-11-23T22:58:00Z"),
                Instant.parse("2026-11-25T01:02:00Z"));
        List<String> kinds = new ArrayList<>();
        cover.forEach(b -> kinds.add(b.resolution().name().substring(0, 1)));
        assertThat(String.join("", kinds)).isEqualTo("MMHDHMM");
        assertThat(Arrays.asList(cover.get(3).resolution().key(cover.get(3).number()).split(":")))
                .startsWith("conduit", "stats", "d");
    }

    private static StatsReport top(Clock clock, ZoneId zone, String period, String by, int n, StatsSource source) {
        return new StatsCalculator(source, clock).compute(new StatsQuery(new Periods(clock, zone).named(period), by, n,
                null, false, false));
    }
}
