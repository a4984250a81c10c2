package io.conduit.dashboard.stats;

import io.conduit.bench.SyntheticStats;
import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.StatsKeys;
import io.conduit.common.stats.Totals;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The time to compute the top 10 of a day (24 hour buckets) with 500 services on two nodes, from
 * the text Redis holds (totals parsed and histograms decoded here, as from Redis, but without the
 * network). The baseline only parses and adds up the totals: the least any computation must do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class TopNBenchmark {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T23:59:00Z"), ZoneOffset.UTC);
    private static final int SERVICES = 500;
    private static final String[] NODES = {"server1@1", "server2@1"};

    private final Map<BucketCover.Bucket, Map<String, String>> totals = new HashMap<>();
    private final Map<BucketCover.Bucket, Map<String, String>> histograms = new HashMap<>();
    private StatsSource source;
    private Period today;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        long firstHour = Resolution.HOUR.bucketOf(Instant.parse("2026-11-25T00:00:00Z"));
        for (int h = 0; h < 24; h++) {
            BucketCover.Bucket bucket = new BucketCover.Bucket(Resolution.HOUR, firstHour + h);
            SyntheticStats hour = SyntheticStats.hour(random, SERVICES, NODES, "service-", 0);
            Map<String, String> t = hour.totals();
            Map<String, String> hist = hour.histograms();
            totals.put(bucket, t);
            histograms.put(bucket, hist);
        }
        source = new EncodedSource();
        today = new Periods(CLOCK, ZoneOffset.UTC).named("today");
    }

    @Benchmark
    public long baselineSumTotals() {
        long calls = 0;
        for (Map<String, String> bucket : totals.values()) {
            for (String value : bucket.values()) {
                calls += Totals.decode(value).count();
            }
        }
        return calls;
    }

    @Benchmark
    public StatsReport topTenByMeanWithPercentiles() {
        return new StatsCalculator(source, CLOCK).compute(new StatsQuery(today, "mean", 10, null, true, false));
    }

    @Benchmark
    public StatsReport topTenByUsageWithoutPercentiles() {
        return new StatsCalculator(source, CLOCK).compute(new StatsQuery(today, "usage", 10, null, false, false));
    }

    /** The buckets as Redis holds them: text, parsed on every read. */
    private final class EncodedSource implements StatsSource {
        @Override
        public Snapshot read(Collection<BucketCover.Bucket> buckets) {
            Map<BucketCover.Bucket, Map<String, Totals>> parsed = new HashMap<>();
            for (BucketCover.Bucket b : buckets) {
                Map<String, Totals> byService = new HashMap<>();
                totals.getOrDefault(b, Map.of()).forEach((field, value) ->
                        byService.merge(StatsKeys.serviceOf(field), Totals.decode(value), Totals::plus));
                parsed.put(b, byService);
            }
            return new Snapshot() {
                @Override
                public Map<BucketCover.Bucket, Map<String, Totals>> totals() {
                    return parsed;
                }

                @Override
                public Map<BucketCover.Bucket, Map<String, Histogram>> histogramsByBucket(Set<String> services) {
                    Map<BucketCover.Bucket, Map<String, Histogram>> merged = new HashMap<>();
                    for (BucketCover.Bucket b : buckets) {
                        histograms.getOrDefault(b, Map.of()).forEach((field, value) -> {
                            String service = StatsKeys.serviceOf(field);
                            if (services.contains(service)) {
                                merged.computeIfAbsent(b, k -> new HashMap<>())
                                        .computeIfAbsent(service, s -> Histograms.empty()).add(Histograms.decode(value));
                            }
                        });
                    }
                    return merged;
                }
            };
        }
    }

}
