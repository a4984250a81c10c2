package io.conduit.server.stats;

import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Totals;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * One service's calls during one flush interval, recorded by many threads at once without locks.
 * Read only by the flusher, after {@link IntervalCell} has swapped it out.
 */
final class Interval {

    private final LongAdder failures = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    /** Every call's duration (clamped to its range): its total count is the calls' count. */
    private final AtomicHistogram histogram = new AtomicHistogram(1, Histograms.HIGHEST_MICROS, 2);

    void add(long nanos, boolean failed) {
        if (failed) {
            failures.increment();
        }
        totalNanos.add(nanos);
        min.accumulate(nanos);
        max.accumulate(nanos);
        histogram.recordValue(Histograms.micros(nanos));
    }

    Totals totals() {
        return new Totals(histogram.getTotalCount(), failures.sum(), totalNanos.sum(), min.get(), max.get());
    }

    /** Adds this interval's histogram to {@code target}. */
    void addHistogramTo(Histogram target) {
        target.add(histogram);
    }

    /**
     * Adds how many calls fell in each bucket: {@code counts[i]} gets those over {@code bounds[i-1]}
     * and at most {@code bounds[i]} microseconds, the last element those over every bound.
     */
    void addBucketCounts(long[] bounds, long[] counts) {
        long below = 0;
        for (int i = 0; i < bounds.length; i++) {
            long upTo = histogram.getCountBetweenValues(0, bounds[i]);
            counts[i] += upTo - below;
            below = upTo;
        }
        counts[bounds.length] += histogram.getTotalCount() - below;
    }

    void reset() {
        failures.reset();
        totalNanos.reset();
        min.reset();
        max.reset();
        histogram.reset();
    }
}
