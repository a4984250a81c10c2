package io.conduit.server.polling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.kvdb.RedisOutages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The files each file channel handled, the latest first, in Redis (the last 1,000 per channel). */
final class FileHistory {

    private static final Logger LOG = LoggerFactory.getLogger(FileHistory.class);
    static final int KEPT = 1_000;

    private final Redis redis;
    private final ObjectMapper mapper;

    FileHistory(Redis redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    private static String key(String channel) {
        return "conduit:channels:file:" + channel + ":history";
    }

    void add(String channel, Handled handled) {
        try {
            redis.pool().lpush(key(channel), mapper.writeValueAsString(handled));
            redis.pool().ltrim(key(channel), 0, KEPT - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            LOG.warn("cid {} - {}: {} ({}) could not be recorded in the history: {}", handled.id(), channel,
                    handled.path(), handled.outcome(), e.toString());
        }
    }

    /**
     * @return a channel's files, the latest first
     * @throws io.conduit.api.KvdbUnavailableException if Redis cannot be reached
     */
    List<Handled> list(String channel) {
        List<String> rows = RedisOutages.orUnavailable("the file channels' history cannot be read",
                () -> redis.pool().lrange(key(channel), 0, KEPT - 1));
        List<Handled> all = new ArrayList<>();
        for (String json : rows) {
            try {
                all.add(mapper.readValue(json, Handled.class));
            } catch (JsonProcessingException e) {
                LOG.warn("a history row of file channel {} is not JSON: {}", channel, json);
            }
        }
        return all;
    }

    Optional<Handled> find(String channel, String id) {
        return list(channel).stream().filter(h -> h.id().equals(id)).findFirst();
    }
}
