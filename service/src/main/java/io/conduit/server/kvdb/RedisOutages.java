package io.conduit.server.kvdb;

import io.conduit.api.KvdbUnavailableException;
import io.conduit.common.redis.Redis;
import java.util.function.Supplier;

/** Turns Redis being away into the KVDB's 503 for the node's own state kept there (history, dead letters...). */
public final class RedisOutages {

    private RedisOutages() {
    }

    /**
     * @param what what cannot be done while Redis is away, for the message ("the jobs' history cannot be read")
     * @param call the Redis call
     * @return its result
     * @throws KvdbUnavailableException if Redis cannot be reached; other failures as they are
     */
    public static <T> T orUnavailable(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (Redis.isUnreachable(e)) {
                throw new KvdbUnavailableException(what + ": Redis cannot be reached now (" + e.getMessage()
                        + "); retry later", e);
            }
            throw e;
        }
    }
}
