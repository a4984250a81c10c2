package io.conduit.server.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;

/**
 * Recorded calls in Redis: each one's JSON under {@code conduit:calls:<cid>} for {@code ttl}, and the
 * cids by time in an index per service (the newest {@code maxPerService} kept) and one for all.
 */
public final class CallStore {

    private static final String KEY = "conduit:calls:";
    private static final String ALL = KEY + "index";

    private final Redis redis;
    private final ObjectMapper mapper;
    private final Duration ttl;
    private final int maxPerService;

    public CallStore(Redis redis, ObjectMapper mapper, Duration ttl, int maxPerService) {
        this.redis = redis;
        this.mapper = mapper;
        this.ttl = ttl;
        this.maxPerService = maxPerService;
    }

    /** Writes records, in one round trip. */
    void write(List<CallRecord> records) {
        long seconds = ttl.toSeconds();
        try (AbstractPipeline pipeline = redis.pool().pipelined()) {
            for (CallRecord r : records) {
                double score = Instant.parse(r.at()).toEpochMilli();
                pipeline.setex(KEY + r.cid(), seconds, mapper.writeValueAsString(r));
                String service = index(r.service() == null ? "" : r.service().name());
                pipeline.zadd(service, score, r.cid());
                pipeline.zremrangeByRank(service, 0, -(maxPerService + 1L));
                pipeline.expire(service, seconds);
                pipeline.zadd(ALL, score, r.cid());
                pipeline.zremrangeByRank(ALL, 0, -(10L * maxPerService + 1));
                pipeline.expire(ALL, seconds);
            }
            pipeline.sync();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param service a service's name, or null for every service
     * @param outcome {@code failed}, {@code slow}, or null for both
     * @param limit   the most returned
     * @return the newest recorded calls first
     */
    public List<CallRecord.Summary> list(String service, String outcome, int limit) {
        String index = service == null ? ALL : index(service);
        List<CallRecord.Summary> found = new ArrayList<>();
        int page = Math.max(limit, 100);
        for (long from = 0; found.size() < limit; from += page) {
            long start = from;
            List<String> cids = redis.read(j -> j.zrevrange(index, start, start + page - 1));
            if (cids.isEmpty()) {
                break;
            }
            String[] keys = cids.stream().map(c -> KEY + c).toArray(String[]::new);
            for (String json : redis.read(j -> j.mget(keys))) {
                CallRecord r = json == null ? null : parse(json);
                if (r != null && (outcome == null || outcome.equals(r.outcome())) && found.size() < limit) {
                    found.add(r.summary());
                }
            }
        }
        return found;
    }

    /** @return the recorded call, or null (never recorded, or past its TTL) */
    public CallRecord get(String cid) {
        String json = redis.read(j -> j.get(KEY + cid));
        return json == null ? null : parse(json);
    }

    private CallRecord parse(String json) {
        try {
            return mapper.readValue(json, CallRecord.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String index(String service) {
        return KEY + "service:" + service;
    }
}
