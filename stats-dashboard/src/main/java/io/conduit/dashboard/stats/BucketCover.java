package io.conduit.dashboard.stats;

import io.conduit.common.stats.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Redis buckets make up a span of time: whole UTC days where they fit, whole hours at the
 * edges of the days, minutes at the edges of the hours. A span is minute-aligned.
 */
public final class BucketCover {

    private BucketCover() {
    }

    /** A bucket: its resolution and number. */
    public record Bucket(Resolution resolution, long number) {
    }

    /** @return the buckets that exactly cover [start, stop) */
    public static List<Bucket> of(Instant start, Instant stop) {
        List<Bucket> buckets = new ArrayList<>();
        long t = Math.floorDiv(start.toEpochMilli(), 60_000L) * 60_000L;
        long end = stop.toEpochMilli();
        while (t < end) {
            Resolution r = largestFitting(t, end);
            buckets.add(new Bucket(r, t / r.length().toMillis()));
            t += r.length().toMillis();
        }
        return buckets;
    }

    private static Resolution largestFitting(long t, long end) {
        for (Resolution r : new Resolution[] {Resolution.DAY, Resolution.HOUR}) {
            long length = r.length().toMillis();
            if (t % length == 0 && t + length <= end) {
                return r;
            }
        }
        return Resolution.MINUTE;
    }
}
