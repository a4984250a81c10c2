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

        /** @return each wanted service's histogram, merged over the buckets and the nodes */
        Map<String, Histogram> histograms(Set<String> services);
    }
}
