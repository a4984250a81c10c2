package io.conduit.dashboard.stats;

import io.conduit.common.error.InvalidInputException;

/**
 * What to compute.
 *
 * @param period          the period
 * @param by              {@code mean} (slowest first) or {@code usage} (most used first)
 * @param n               how many rows (the top N)
 * @param service         one service only, or null for the top N
 * @param percentiles     whether to read histograms for p50/p95/p99 of the rows returned
 * @param includeInternal whether Conduit's own services ({@code conduit.*}) count
 */
public record StatsQuery(Period period, String by, int n, String service, boolean percentiles,
                         boolean includeInternal) {

    public StatsQuery {
        if (!"mean".equals(by) && !"usage".equals(by)) {
            throw new InvalidInputException("by must be mean or usage");
        }
        if (n < 1 || n > 1000) {
            throw new InvalidInputException("n must be 1 to 1000");
        }
    }
}
