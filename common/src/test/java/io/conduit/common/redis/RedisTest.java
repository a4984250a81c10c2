package io.conduit.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

class RedisTest {

    @Test
    void aRedisThatIsAwayOrStillLoadingItsDataCannotServeNow() {
        assertThat(Redis.isUnreachable(new JedisConnectionException("Failed to connect"))).isTrue();
        assertThat(Redis.isUnreachable(new RuntimeException(new NoSuchElementException("Timeout waiting for idle object"))))
                .isTrue();
        assertThat(Redis.isUnreachable(new JedisDataException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(Redis.isUnreachable(new JedisDataException("MASTERDOWN Link with MASTER is down"))).isTrue();
        assertThat(Redis.isUnreachable(new JedisException("Could not get a resource from the pool",
                new ClassCastException("class java.util.ArrayList cannot be cast to class [B")))).isTrue();
    }

    @Test
    void aCommandRedisRefusesIsNotAnOutage() {
        assertThat(Redis.isUnreachable(new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(Redis.isUnreachable(new JedisDataException("ERR unknown command 'LOADINGX'"))).isFalse();
    }
}
