package io.conduit.bench;

import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.StatsKeys;
import io.conduit.common.stats.Totals;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * One hour bucket of made-up statistics, as nodes write them to Redis: for each service on each node
 * 50 to 549 calls of 1 to 201 ms, their totals and their histogram, encoded.
 *
 * @param totals     field ({@code service|node}) to encoded {@link Totals}
 * @param histograms field to encoded histogram
 */
public record SyntheticStats(Map<String, String> totals, Map<String, String> histograms) {

    /**
     * @param prefix       what each service's name starts with (followed by its number)
     * @param failedShare  one call in this many failed (0: none)
     */
    public static SyntheticStats hour(Random random, int services, String[] nodes, String prefix, int failedShare) {
        Map<String, String> totals = new HashMap<>();
        Map<String, String> histograms = new HashMap<>();
        for (int s = 0; s < services; s++) {
            for (String node : nodes) {
                Histogram histogram = Histograms.empty();
                long count = 50 + random.nextInt(500);
                long total = 0;
                for (int i = 0; i < count; i++) {
                    long nanos = 1_000_000L + random.nextInt(200_000_000);
                    histogram.recordValue(Histograms.micros(nanos));
                    total += nanos;
                }
                String field = StatsKeys.field(prefix + s, node);
                totals.put(field, new Totals(count, failedShare == 0 ? 0 : count / failedShare, total, 1_000_000,
                        201_000_000).encode());
                histograms.put(field, Histograms.encode(histogram));
            }
        }
        return new SyntheticStats(totals, histograms);
    }
}
