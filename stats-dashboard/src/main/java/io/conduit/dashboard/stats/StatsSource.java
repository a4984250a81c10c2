package io.conduit.dashboard.stats;

import io.conduit.common.stats.Totals;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** Where statistics are read from: Redis in production, memory in tests. */
public interface StatsSource {

    /**
     * @param buckets the buckets of a period
     * @return what they hold
     */
    Snapshot read(Collection<BucketCover.Bucket> buckets);

    /** The buckets of one computation. */
    interface Snapshot {

        /** @return for each bucket, each service's totals summed over the nodes (absent: no calls) */
        Map<BucketCover.Bucket, Map<String, Totals>> totals();

        /** @return each wanted service's histogram in each bucket, merged over the nodes */
        Map<BucketCover.Bucket, Map<String, Histogram>> histogramsByBucket(Set<String> services);

        /** @return each wanted service's histogram, merged over the buckets and the nodes */
        default Map<String, Histogram> histograms(Set<String> services) {
            Map<String, Histogram> merged = new java.util.HashMap<>();
            histogramsByBucket(services).values().forEach(byService -> byService.forEach((service, h) ->
                    merged.computeIfAbsent(service, s -> io.conduit.common.stats.Histograms.empty()).add(h)));
            return merged;
        }
    }
}
