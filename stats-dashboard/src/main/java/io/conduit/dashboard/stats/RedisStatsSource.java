package io.conduit.dashboard.stats;

import io.conduit.common.redis.Redis;
import io.conduit.common.stats.Histograms;
import io.conduit.common.stats.StatsKeys;
import io.conduit.common.stats.Totals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * Reads statistics buckets from Redis: one pipelined round trip of {@code HGETALL} for the totals
 * of every bucket of a period, and one of {@code HMGET} for the histograms of the services shown.
 * Key names are computed, never listed with {@code KEYS}.
 */
public final class RedisStatsSource implements StatsSource {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsSource.class);

    private final Redis redis;

    public RedisStatsSource(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Snapshot read(Collection<BucketCover.Bucket> buckets) {
        List<BucketCover.Bucket> list = new ArrayList<>(buckets);
        List<Response<Map<String, String>>> responses = redis.read(jedis -> {
            List<Response<Map<String, String>>> pending = new ArrayList<>(list.size());
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (BucketCover.Bucket b : list) {
                    pending.add(pipeline.hgetAll(b.resolution().key(b.number())));
                }
                pipeline.sync();
            }
            return pending;
        });
        Map<BucketCover.Bucket, Map<String, Totals>> totals = new HashMap<>();
        Map<BucketCover.Bucket, Map<String, List<String>>> fields = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Totals> byService = new HashMap<>();
            Map<String, List<String>> fieldsByService = new HashMap<>();
            responses.get(i).get().forEach((field, value) -> {
                String service = StatsKeys.serviceOf(field);
                try {
                    byService.merge(service, Totals.decode(value), Totals::plus);
                    fieldsByService.computeIfAbsent(service, s -> new ArrayList<>()).add(field);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Stats - skipping unreadable totals of {}: {}", field, e.getMessage());
                }
            });
            if (!byService.isEmpty()) {
                totals.put(list.get(i), byService);
                fields.put(list.get(i), fieldsByService);
            }
        }
        return new Snapshot() {
            @Override
            public Map<BucketCover.Bucket, Map<String, Totals>> totals() {
                return totals;
            }

            @Override
            public Map<BucketCover.Bucket, Map<String, Histogram>> histogramsByBucket(Set<String> services) {
                return readHistograms(fields, services);
            }
        };
    }

    private Map<BucketCover.Bucket, Map<String, Histogram>> readHistograms(Map<BucketCover.Bucket, Map<String, List<String>>> fields,
                                                  Set<String> services) {
        List<List<String>> asked = new ArrayList<>();
        fields.forEach((bucket, byService) -> {
            List<String> wanted = new ArrayList<>();
            services.forEach(s -> wanted.addAll(byService.getOrDefault(s, List.of())));
            asked.add(wanted);
        });
        List<BucketCover.Bucket> buckets = new ArrayList<>(fields.keySet());
        List<Response<List<String>>> responses = redis.read(jedis -> {
            List<Response<List<String>>> pending = new ArrayList<>();
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (int i = 0; i < buckets.size(); i++) {
                    BucketCover.Bucket bucket = buckets.get(i);
                    pending.add(asked.get(i).isEmpty() ? null : pipeline.hmget(
                            bucket.resolution().histogramKey(bucket.number()), asked.get(i).toArray(String[]::new)));
                }
                pipeline.sync();
            }
            return pending;
        });
        Map<BucketCover.Bucket, Map<String, Histogram>> merged = new HashMap<>();
        for (int i = 0; i < responses.size(); i++) {
            if (responses.get(i) == null) {
                continue;
            }
            List<String> values = responses.get(i).get();
            Map<String, Histogram> bucket = merged.computeIfAbsent(buckets.get(i), b -> new HashMap<>());
            for (int j = 0; j < values.size(); j++) {
                if (values.get(j) == null) {
                    continue;
                }
                String service = StatsKeys.serviceOf(asked.get(i).get(j));
                try {
                    bucket.computeIfAbsent(service, s -> Histograms.empty()).add(Histograms.decode(values.get(j)));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Stats - skipping an unreadable histogram of {}: {}", service, e.getMessage());
                }
            }
        }
        return merged;
    }
}
