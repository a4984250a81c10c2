package io.conduit.common.stats;

/**
 * Exact totals of a set of calls.
 *
 * @param count      calls
 * @param failures   calls that threw
 * @param totalNanos their summed duration
 * @param minNanos   the shortest ({@link Long#MAX_VALUE} when there were none)
 * @param maxNanos   the longest (0 when there were none)
 */
public record Totals(long count, long failures, long totalNanos, long minNanos, long maxNanos) {

    /** No calls. */
    public static final Totals NONE = new Totals(0, 0, 0, Long.MAX_VALUE, 0);

    /** @return these and {@code other} together */
    public Totals plus(Totals other) {
        return new Totals(count + other.count, failures + other.failures, totalNanos + other.totalNanos,
                Math.min(minNanos, other.minNanos), Math.max(maxNanos, other.maxNanos));
    }

    /** @return the text stored in Redis: {@code count:failures:total:min:max} */
    public String encode() {
        return count + ":" + failures + ":" + totalNanos + ":" + minNanos + ":" + maxNanos;
    }

    /**
     * @param text what {@link #encode()} wrote
     * @return the totals
     * @throws IllegalArgumentException if the text is not five numbers
     */
    public static Totals decode(String text) {
        String[] parts = text.split(":");
        if (parts.length != 5) {
            throw new IllegalArgumentException("not statistics totals: " + text);
        }
        return new Totals(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                Long.parseLong(parts[3]), Long.parseLong(parts[4]));
    }
}
