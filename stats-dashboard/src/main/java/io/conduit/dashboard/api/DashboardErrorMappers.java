package io.conduit.dashboard.api;

import io.conduit.common.error.ErrorMapper;
import redis.clients.jedis.exceptions.JedisException;

/** The dashboard's own failures; the rest is the shared contract in common. */
public final class DashboardErrorMappers {

    private DashboardErrorMappers() {
    }

    /** @return one of each */
    public static ErrorMapper<?>[] all() {
        return new ErrorMapper<?>[] {new RedisUnavailable()};
    }

    /** The statistics cannot be read because Redis does not answer: 503, naming it. */
    public static final class RedisUnavailable extends ErrorMapper<JedisException> {
        @Override
        protected int status(JedisException failure) {
            return 503;
        }

        @Override
        protected String message(JedisException failure, String cid) {
            return "the statistics cannot be read: Redis does not answer (" + failure.getMessage() + "); retry when"
                    + " it is back";
        }
    }
}
