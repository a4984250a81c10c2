package io.conduit.dashboard.stats;

import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** Statistics held in memory, recorded call by call into minute, hour and day buckets as nodes do. */
final class MemorySource implements StatsSource {

    private final Map<BucketCover.Bucket, Map<String, Totals>> totals = new HashMap<>();
    private final Map<BucketCover.Bucket, Map<String, Histogram>> histograms = new HashMap<>();

    /** Records one call of {@code service} ending at {@code at} that took {@code millis}. */
    MemorySource call(String service, String at, double millis) {
        return record(service, at, millis, 0);
    }

    /** Records one failed call. */
    MemorySource failedCall(String service, String at, double millis) {
        return record(service, at, millis, 1);
    }

    private MemorySource record(String service, String at, double millis, int failures) {
        long nanos = Math.round(millis * 1_000_000);
        Totals one = new Totals(1, failures, nanos, nanos, nanos);
        for (Resolution r : Resolution.values()) {
            BucketCover.Bucket b = new BucketCover.Bucket(r, r.bucketOf(Instant.parse(at)));
            totals.computeIfAbsent(b, k -> new HashMap<>()).merge(service, one, Totals::plus);
            histograms.computeIfAbsent(b, k -> new HashMap<>()).computeIfAbsent(service, s -> Histograms.empty())
                    .recordValue(Histograms.micros(nanos));
        }
        return this;
    }

    /** Records {@code count} calls, one every {@code every}, from {@code from}. */
    MemorySource calls(String service, String from, Duration every, int count, double millis) {
        for (int i = 0; i < count; i++) {
            call(service, Instant.parse(from).plus(every.multipliedBy(i)).toString(), millis);
        }
        return this;
    }

    @Override
    public Snapshot read(Collection<BucketCover.Bucket> buckets) {
        return new Snapshot() {
            @Override
            public Map<BucketCover.Bucket, Map<String, Totals>> totals() {
                Map<BucketCover.Bucket, Map<String, Totals>> out = new HashMap<>();
                buckets.forEach(b -> {
                    if (totals.containsKey(b)) {
                        out.put(b, totals.get(b));
                    }
                });
                return out;
            }

            @Override
            public Map<BucketCover.Bucket, Map<String, Histogram>> histogramsByBucket(Set<String> services) {
                Map<BucketCover.Bucket, Map<String, Histogram>> out = new HashMap<>();
                buckets.forEach(b -> histograms.getOrDefault(b, Map.of()).forEach((s, h) -> {
                    if (services.contains(s)) {
                        out.computeIfAbsent(b, k -> new HashMap<>()).put(s, h);
                    }
                }));
                return out;
            }
        };
    }
}
