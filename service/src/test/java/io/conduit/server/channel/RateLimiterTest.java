package io.conduit.server.channel;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.redis.Redis;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.MovableClock;
import io.conduit.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits counted in a real Redis, shared by two limiters as two nodes share it. */
class RateLimiterTest {

    private final RedisServer server = new RedisServer(UUID.randomUUID().toString()).start();
    private final Redis redis = TestRedis.client(server);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00.200Z"));
    private final HttpChannel channel = bind(HttpChannel.KIND, "{'name': 'limited', 'urlPath': '/l', 'service': 's',"
            + " 'security': 'partner', 'rateLimit': {'requests': 5, 'per': '1s', 'by': 'credential'}}");

    @AfterEach
    void stop() {
        redis.stop();
        server.close();
    }

    @Test
    void twoNodesTogetherLetTheLimitThroughPerWindowAndSayWhenToComeBack() {
        RateLimiter one = new RateLimiter(redis, clock);
        RateLimiter two = new RateLimiter(redis, clock);
        int admitted = 0;
        long retryAfter = 0;
        for (int i = 0; i < 10; i++) {
            long r = (i % 2 == 0 ? one : two).admit(channel, "alice");
            if (r == 0) {
                admitted++;
            } else {
                retryAfter = r;
            }
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(retryAfter).isEqualTo(1);
        assertThat(one.admit(channel, "bob")).as("another credential has its own count").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(two.admit(channel, "alice")).as("the next window").isZero();
    }

    @Test
    void withRedisAwayEachNodeCountsOnItsOwn() {
        RateLimiter one = new RateLimiter(redis, clock);
        server.stop();
        int admitted = 0;
        for (int i = 0; i < 8; i++) {
            if (one.admit(channel, "alice") == 0) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
    }
}
