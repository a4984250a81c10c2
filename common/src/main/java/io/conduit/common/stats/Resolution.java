package io.conduit.common.stats;

import java.time.Duration;
import java.time.Instant;

/** The three sizes of statistics buckets, each aligned to UTC: a minute, an hour, a day. */
public enum Resolution {
    /** kept two days by default */
    MINUTE("m", Duration.ofMinutes(1)),
    /** kept 90 days by default */
    HOUR("h", Duration.ofHours(1)),
    /** kept three years by default */
    DAY("d", Duration.ofDays(1));

    private final String code;
    private final Duration length;

    Resolution(String code, Duration length) {
        this.code = code;
        this.length = length;
    }

    /** @return the bucket's length */
    public Duration length() {
        return length;
    }

    /** @return the number of the bucket holding {@code instant} (buckets since the epoch) */
    public long bucketOf(Instant instant) {
        return Math.floorDiv(instant.toEpochMilli(), length.toMillis());
    }

    /** @return the Redis hash of the bucket's totals */
    public String key(long bucket) {
        return StatsKeys.PREFIX + code + ":" + bucket;
    }

    /** @return the Redis hash of the bucket's histograms */
    public String histogramKey(long bucket) {
        return key(bucket) + ":hist";
    }
}
