package io.conduit.server.stats;

import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.Resolution;
import io.conduit.common.stats.Totals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * This node's totals per service for each minute, hour and day it has seen calls in: what it writes
 * to Redis (absolute values, so a retried write is harmless). Buckets are dropped once written and
 * past; while Redis is away they are kept, up to a bound per resolution, oldest dropped first.
 * Used by the flusher thread only.
 */
final class Aggregates {

    /** One service's totals in one bucket. */
    static final class Entry {
        private Totals totals = Totals.NONE;
        private final Histogram histogram = Histograms.packed();
        private boolean dirty;

        Totals totals() {
            return totals;
        }

        Histogram histogram() {
            return histogram;
        }
    }

    /** A bucket with entries to write. */
    record Dirty(Resolution resolution, long bucket, String service, Entry entry) {
    }

    private final Map<Resolution, TreeMap<Long, Map<String, Entry>>> buckets = new EnumMap<>(Resolution.class);
    private final Map<Resolution, Integer> maxBacklog;

    /** @param maxBacklog how many past buckets of each resolution to keep while they cannot be written */
    Aggregates(Map<Resolution, Integer> maxBacklog) {
        this.maxBacklog = Map.copyOf(maxBacklog);
        for (Resolution r : Resolution.values()) {
            buckets.put(r, new TreeMap<>());
        }
    }

    /** Adds an interval's calls, made at {@code at}, to its minute, hour and day. */
    void add(String service, Instant at, Interval interval) {
        Totals totals = interval.totals();
        if (totals.count() == 0) {
            return;
        }
        for (Resolution r : Resolution.values()) {
            Entry entry = buckets.get(r).computeIfAbsent(r.bucketOf(at), b -> new HashMap<>())
                    .computeIfAbsent(service, s -> new Entry());
            entry.totals = entry.totals.plus(totals);
            interval.addHistogramTo(entry.histogram);
            entry.dirty = true;
        }
    }

    /** @return every entry changed since it was last written */
    List<Dirty> dirty() {
        List<Dirty> dirty = new ArrayList<>();
        buckets.forEach((r, byBucket) -> byBucket.forEach((bucket, services) -> services.forEach((service, e) -> {
            if (e.dirty) {
                dirty.add(new Dirty(r, bucket, service, e));
            }
        })));
        return dirty;
    }

    /** Marks entries written. */
    void written(List<Dirty> written) {
        written.forEach(d -> d.entry().dirty = false);
    }

    /**
     * Forgets past buckets that are written, and the oldest unwritten ones beyond the backlog.
     *
     * @return calls in minute buckets dropped unwritten (lost to the statistics)
     */
    long evict(Instant now) {
        long lost = 0;
        for (Resolution r : Resolution.values()) {
            TreeMap<Long, Map<String, Entry>> byBucket = buckets.get(r);
            long current = r.bucketOf(now);
            byBucket.headMap(current).values().removeIf(services ->
                    services.values().stream().noneMatch(e -> e.dirty));
            while (byBucket.headMap(current).size() > maxBacklog.get(r)) {
                Map<String, Entry> oldest = byBucket.pollFirstEntry().getValue();
                if (r == Resolution.MINUTE) {
                    lost += oldest.values().stream().filter(e -> e.dirty).mapToLong(e -> e.totals.count()).sum();
                }
            }
        }
        return lost;
    }

    /** @return how many buckets of a resolution are held */
    int held(Resolution r) {
        return buckets.get(r).size();
    }
}
