package io.conduit.dashboard.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A period slice by slice, for the Statistics page's charts: every service's calls and failures, the
 * top services' calls, and the rest.
 *
 * @param period     the period's name
 * @param start      its first instant
 * @param stop       the instant after its last
 * @param slices     each slice's start
 * @param seconds    each slice's length in seconds (calls / seconds = calls per second)
 * @param calls      every service's calls in each slice
 * @param failures   every service's failed calls in each slice
 * @param top        the services with the most calls in the period, each one's calls per slice, most first
 * @param others     the calls of every other service per slice
 * @param comparison the same for the period compared with (its slices matched by index), or null
 */
public record StatsSeries(String period, Instant start, Instant stop, List<Instant> slices, List<Double> seconds,
                          List<Long> calls, List<Long> failures, Map<String, List<Long>> top, List<Long> others,
                          StatsSeries comparison) {

    /** @return this series with another period's to compare with */
    public StatsSeries comparedWith(StatsSeries other) {
        return new StatsSeries(period, start, stop, slices, seconds, calls, failures, top, others, other);
    }

    /**
     * How call durations were spread in a period: counts in buckets that double, from 0.1 ms.
     *
     * @param service the service, or null for every service
     * @param buckets each bucket, shortest first, from the first with calls to the last with calls
     * @param calls   the calls counted (the sum of the buckets)
     */
    public record Spread(String service, List<Bucket> buckets, long calls) {
    }

    /**
     * @param fromMs its lower bound (exclusive, but 0 for the first)
     * @param toMs   its upper bound (inclusive)
     * @param calls  the calls whose duration fell in it
     */
    public record Bucket(double fromMs, double toMs, long calls) {
    }
}
