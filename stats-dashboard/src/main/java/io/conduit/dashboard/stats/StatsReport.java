package io.conduit.dashboard.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Statistics of a period, as the dashboard's JSON API returns them (docs/OPERATIONS.md, "Statistics"). Times
 * are milliseconds with fractions, shares percent (0-100).
 *
 * @param period           the period's name
 * @param start            its first instant
 * @param stop             the instant after its last
 * @param averageMean      AM: the average of every service's mean in the period
 * @param allServicesUsage TU: every service's calls in the period
 * @param services         how many services had calls in the period
 * @param rows             the rows asked for
 * @param comparison       the same figures for the period compared with, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsReport(String period, Instant start, Instant stop, double averageMean, long allServicesUsage,
                          int services, List<Row> rows, StatsReport comparison) {

    /** @return this report with the figures of another period to compare with */
    public StatsReport comparedWith(StatsReport other) {
        return new StatsReport(period, start, stop, averageMean, allServicesUsage, services, rows, other);
    }

    /**
     * One service in a period.
     *
     * @param service      its name
     * @param mean         M: its processing time / its calls
     * @param usage        U: its calls
     * @param usageShare   U%: its share of all calls
     * @param timeShare    T%: its share of all processing time
     * @param rate         calls per second over the elapsed part of the period
     * @param usagePerHour calls per hour over the elapsed part of the period
     * @param failures     calls that failed
     * @param min          the shortest call
     * @param max          the longest call
     * @param p50          the median, from the histograms (null unless asked for)
     * @param p95          the 95th percentile
     * @param p99          the 99th percentile
     * @param meanTrend    M per slice (null where the service had no call)
     * @param usageTrend   U per slice
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(String service, double mean, long usage, double usageShare, double timeShare, double rate,
                      double usagePerHour, long failures, double min, double max, Double p50, Double p95, Double p99,
                      List<Double> meanTrend, List<Long> usageTrend) {
    }
}
