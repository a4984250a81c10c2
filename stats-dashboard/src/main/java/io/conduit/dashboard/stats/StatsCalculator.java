package io.conduit.dashboard.stats;

import io.conduit.common.stats.StatsKeys;
import io.conduit.common.stats.Totals;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Computes a period's statistics from the buckets: exact, call-weighted means (a service's total
 * time over its calls, never an average of per-minute averages), shares of all calls and of all
 * time, rates over the elapsed part of the period, percentiles from merged histograms, and a trend
 * per slice. Services with no call in the period are left out, not shown as zero.
 */
public final class StatsCalculator {

    private static final double NANOS_PER_MS = 1_000_000.0;

    private final StatsSource source;
    private final Clock clock;

    public StatsCalculator(StatsSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** @return the report the query asks for */
    public StatsReport compute(StatsQuery query) {
        Period period = query.period();
        List<List<BucketCover.Bucket>> covers = covers(period);
        Set<BucketCover.Bucket> all = union(covers);
        StatsSource.Snapshot snapshot = source.read(all);
        Map<BucketCover.Bucket, Map<String, Totals>> byBucket = snapshot.totals();

        List<Map<String, Totals>> perSlice = new ArrayList<>();
        Map<String, Totals> perService = new HashMap<>();
        for (List<BucketCover.Bucket> cover : covers) {
            Map<String, Totals> slice = new HashMap<>();
            for (BucketCover.Bucket bucket : cover) {
                byBucket.getOrDefault(bucket, Map.of()).forEach((service, totals) -> {
                    if (query.includeInternal() || !StatsKeys.isInternal(service)) {
                        slice.merge(service, totals, Totals::plus);
                        perService.merge(service, totals, Totals::plus);
                    }
                });
            }
            perSlice.add(slice);
        }
        perService.values().removeIf(t -> t.count() == 0);

        long allCalls = perService.values().stream().mapToLong(Totals::count).sum();
        long allNanos = perService.values().stream().mapToLong(Totals::totalNanos).sum();
        double averageMean = perService.values().stream().mapToDouble(StatsCalculator::meanMs).average().orElse(0);
        double elapsed = period.elapsedSeconds(clock.instant());

        Comparator<Map.Entry<String, Totals>> order = "mean".equals(query.by())
                ? Comparator.comparingDouble((Map.Entry<String, Totals> e) -> meanMs(e.getValue())).reversed()
                : Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().count()).reversed();
        List<Map.Entry<String, Totals>> chosen = perService.entrySet().stream()
                .filter(e -> query.service() == null || e.getKey().equals(query.service()))
                .sorted(order.thenComparing(Map.Entry::getKey))
                .limit(query.n()).toList();

        Map<String, Histogram> histograms = query.percentiles() && !chosen.isEmpty()
                ? snapshot.histograms(new LinkedHashSet<>(chosen.stream().map(Map.Entry::getKey).toList()))
                : Map.of();
        List<StatsReport.Row> rows = new ArrayList<>();
        for (Map.Entry<String, Totals> e : chosen) {
            rows.add(row(e.getKey(), e.getValue(), allCalls, allNanos, elapsed, perSlice,
                    histograms.get(e.getKey())));
        }
        return new StatsReport(period.name(), period.start().toInstant(), period.stop().toInstant(), averageMean,
                allCalls, perService.size(), rows, null);
    }

    /**
     * @param top how many services to chart on their own
     * @return the period slice by slice: every service's calls and failures, the top services' calls
     *     and the rest's (internal services left out, as in the tables)
     */
    public StatsSeries series(Period period, int top) {
        return series(period, top, null);
    }

    /** @param service the only service counted, or null for every one (internal ones left out) */
    public StatsSeries series(Period period, int top, String service) {
        List<List<BucketCover.Bucket>> covers = covers(period);
        Map<BucketCover.Bucket, Map<String, Totals>> byBucket = source.read(union(covers)).totals();
        List<Map<String, Long>> perSlice = new ArrayList<>();
        Map<String, Long> perService = new HashMap<>();
        List<Long> calls = new ArrayList<>();
        List<Long> failures = new ArrayList<>();
        for (List<BucketCover.Bucket> cover : covers) {
            Map<String, Long> slice = new HashMap<>();
            long sliceCalls = 0;
            long sliceFailures = 0;
            for (BucketCover.Bucket bucket : cover) {
                for (Map.Entry<String, Totals> e : byBucket.getOrDefault(bucket, Map.of()).entrySet()) {
                    if (service == null ? !StatsKeys.isInternal(e.getKey()) : service.equals(e.getKey())) {
                        slice.merge(e.getKey(), e.getValue().count(), Long::sum);
                        perService.merge(e.getKey(), e.getValue().count(), Long::sum);
                        sliceCalls += e.getValue().count();
                        sliceFailures += e.getValue().failures();
                    }
                }
            }
            perSlice.add(slice);
            calls.add(sliceCalls);
            failures.add(sliceFailures);
        }
        List<String> chosen = perService.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(Math.max(0, top)).map(Map.Entry::getKey).toList();
        Map<String, List<Long>> byService = new java.util.LinkedHashMap<>();
        chosen.forEach(s -> byService.put(s, perSlice.stream().map(slice -> slice.getOrDefault(s, 0L)).toList()));
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < perSlice.size(); i++) {
            long rest = calls.get(i);
            for (List<Long> one : byService.values()) {
                rest -= one.get(i);
            }
            others.add(rest);
        }
        List<Period.Slice> slices = period.slices();
        return new StatsSeries(period.name(), period.start().toInstant(), period.stop().toInstant(),
                slices.stream().map(Period.Slice::start).toList(),
                slices.stream().map(s -> java.time.Duration.between(s.start(), s.stop()).toMillis() / 1000.0).toList(),
                calls, failures, byService, others, null);
    }

    /**
     * @param service the service, or null for every one (internal services left out)
     * @return how call durations were spread in the period, from the histograms merged over nodes and buckets
     */
    public StatsSeries.Spread spread(Period period, String service) {
        StatsSource.Snapshot snapshot = source.read(union(covers(period)));
        Set<String> services = new LinkedHashSet<>();
        if (service != null) {
            services.add(service);
        } else {
            snapshot.totals().values().forEach(byService -> byService.keySet().stream()
                    .filter(s -> !StatsKeys.isInternal(s)).forEach(services::add));
        }
        Histogram merged = io.conduit.common.stats.Histograms.empty();
        if (!services.isEmpty()) {
            snapshot.histograms(services).values().forEach(merged::add);
        }
        // every recorded value in the bucket it falls in (0-100 us, then doubling), so the buckets sum to the calls
        List<Long> counts = new ArrayList<>();
        for (org.HdrHistogram.HistogramIterationValue v : merged.recordedValues()) {
            long micros = merged.highestEquivalentValue(v.getValueIteratedTo());
            int index = micros <= 100 ? 0 : 64 - Long.numberOfLeadingZeros((micros - 1) / 100);
            while (counts.size() <= index) {
                counts.add(0L);
            }
            counts.set(index, counts.get(index) + v.getCountAtValueIteratedTo());
        }
        List<StatsSeries.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            buckets.add(new StatsSeries.Bucket(i == 0 ? 0 : (100L << (i - 1)) / 1000.0, (100L << i) / 1000.0, counts.get(i)));
        }
        int first = 0;
        while (first < buckets.size() && buckets.get(first).calls() == 0) {
            first++;
        }
        return new StatsSeries.Spread(service, List.copyOf(buckets.subList(first, buckets.size())),
                merged.getTotalCount());
    }

    /** A service's percentiles per slice of a period (null where it had no call). */
    public record PercentileTrends(List<Double> p50, List<Double> p95, List<Double> p99) {
    }

    /** @return the service's p50, p95 and p99 in each slice of the period */
    public PercentileTrends percentileTrends(Period period, String service) {
        List<List<BucketCover.Bucket>> covers = covers(period);
        Map<BucketCover.Bucket, Map<String, Histogram>> byBucket = source.read(union(covers))
                .histogramsByBucket(Set.of(service));
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (List<BucketCover.Bucket> cover : covers) {
            Histogram merged = io.conduit.common.stats.Histograms.empty();
            cover.forEach(b -> {
                Histogram h = byBucket.getOrDefault(b, Map.of()).get(service);
                if (h != null) {
                    merged.add(h);
                }
            });
            boolean empty = merged.getTotalCount() == 0;
            p50.add(empty ? null : merged.getValueAtPercentile(50) / 1000.0);
            p95.add(empty ? null : merged.getValueAtPercentile(95) / 1000.0);
            p99.add(empty ? null : merged.getValueAtPercentile(99) / 1000.0);
        }
        return new PercentileTrends(p50, p95, p99);
    }

    /** @return the buckets of each slice of the period */
    private static List<List<BucketCover.Bucket>> covers(Period period) {
        List<List<BucketCover.Bucket>> covers = new ArrayList<>();
        for (Period.Slice slice : period.slices()) {
            covers.add(BucketCover.of(slice.start(), slice.stop()));
        }
        return covers;
    }

    private static Set<BucketCover.Bucket> union(List<List<BucketCover.Bucket>> covers) {
        Set<BucketCover.Bucket> all = new LinkedHashSet<>();
        covers.forEach(all::addAll);
        return all;
    }

    private static StatsReport.Row row(String service, Totals t, long allCalls, long allNanos, double elapsedSeconds,
                                       List<Map<String, Totals>> perSlice, Histogram histogram) {
        List<Double> meanTrend = new ArrayList<>(perSlice.size());
        List<Long> usageTrend = new ArrayList<>(perSlice.size());
        for (Map<String, Totals> slice : perSlice) {
            Totals s = slice.get(service);
            boolean idle = s == null || s.count() == 0;
            meanTrend.add(idle ? null : meanMs(s));
            usageTrend.add(idle ? 0L : s.count());
        }
        return new StatsReport.Row(service, meanMs(t), t.count(),
                allCalls == 0 ? 0 : 100.0 * t.count() / allCalls,
                allNanos == 0 ? 0 : 100.0 * t.totalNanos() / allNanos,
                elapsedSeconds == 0 ? 0 : t.count() / elapsedSeconds,
                elapsedSeconds == 0 ? 0 : t.count() / (elapsedSeconds / 3600.0),
                t.failures(), t.minNanos() / NANOS_PER_MS, t.maxNanos() / NANOS_PER_MS,
                percentile(histogram, 50, t), percentile(histogram, 95, t), percentile(histogram, 99, t),
                meanTrend, usageTrend);
    }

    /** A percentile from the histogram (two significant digits), kept within the exact min and max. */
    private static Double percentile(Histogram histogram, double p, Totals t) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            return null;
        }
        double ms = histogram.getValueAtPercentile(p) / 1000.0;
        return Math.max(t.minNanos() / NANOS_PER_MS, Math.min(t.maxNanos() / NANOS_PER_MS, ms));
    }

    private static double meanMs(Totals t) {
        return t.totalNanos() / NANOS_PER_MS / t.count();
    }
}
