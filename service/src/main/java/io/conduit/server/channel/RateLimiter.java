package io.conduit.server.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.conduit.common.redis.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels' rate limits, counted cluster-wide in Redis: one counter per channel (and client or
 * credential) per fixed window aligned to the clock, incremented atomically by every node, so the
 * cluster lets exactly {@code requests} through per window. Costs one Redis round trip per request
 * on a limited channel, and nothing on the others.
 *
 * <p>While Redis cannot be reached, each node counts on its own (so the cluster lets up to
 * {@code requests} per node through) and says so once in its log; back to Redis when it answers.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String KEY = "conduit:ratelimit:";
    private static final String COUNT = "local n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\nreturn n";

    private final Redis redis;
    private final Clock clock;
    private final Cache<String, AtomicLong> local = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(2))
            .maximumSize(100_000).build();
    private final AtomicReference<String> outage = new AtomicReference<>();

    public RateLimiter(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * Counts one request against a channel's limit.
     *
     * @param channel a channel with a rate limit
     * @param who     the client address or credential counted apart ({@code ""} when counting the whole channel)
     * @return 0 when the request may go on; else the whole seconds until the window ends, for {@code Retry-After}
     */
    public long admit(HttpChannel channel, String who) {
        RateLimit limit = channel.rateLimit();
        long now = clock.millis();
        long window = now / limit.windowMillis();
        String key = KEY + channel.name() + ':' + limit.per() + ':' + who + ':' + window;
        long count;
        try {
            count = ((Number) redis.pool().eval(COUNT, List.of(key),
                    List.of(Long.toString(limit.windowMillis() + 1_000)))).longValue();
            if (outage.getAndSet(null) != null) {
                LOG.info("Redis answers again: rate limits are counted cluster-wide again");
            }
        } catch (RuntimeException e) {
            if (!Redis.isUnreachable(e)) {
                throw e;
            }
            if (outage.getAndSet(e.getMessage()) == null) {
                LOG.warn("Redis cannot be reached ({}): each node counts rate limits on its own until it is back",
                        e.getMessage());
            }
            count = local.get(key, k -> new AtomicLong()).incrementAndGet();
        }
        if (count <= limit.requests()) {
            return 0;
        }
        long left = (window + 1) * limit.windowMillis() - now;
        return Math.max(1, (left + 999) / 1000);
    }
}
