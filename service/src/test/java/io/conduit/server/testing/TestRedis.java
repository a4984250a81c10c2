package io.conduit.server.testing;

import io.conduit.common.redis.Redis;
import io.conduit.common.redis.RedisFactory;
import io.conduit.testing.RedisServer;
import io.dropwizard.util.Duration;

/** A node's Redis client for a test's own Redis server, with short timeouts so an outage shows fast. */
public final class TestRedis {

    private TestRedis() {
    }

    /** @return a client of the server, as a node builds one from its config */
    public static Redis client(RedisServer server) {
        RedisFactory factory = new RedisFactory();
        factory.setUrl(server.url());
        factory.setPassword(server.password());
        factory.setConnectTimeout(Duration.milliseconds(500));
        factory.setSocketTimeout(Duration.milliseconds(500));
        return factory.build("test");
    }
}
