package io.conduit.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
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
        // a former master the sentinels demoted, until the pool follows the new one
        assertThat(Redis.isUnreachable(new JedisDataException("READONLY You can't write against a read only replica.")))
                .isTrue();
        assertThat(Redis.isUnreachable(new JedisException("Could not get a resource from the pool",
                new ClassCastException("class java.util.ArrayList cannot be cast to class [B")))).isTrue();
    }

    @Test
    void aCommandRedisRefusesIsNotAnOutage() {
        assertThat(Redis.isUnreachable(new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(Redis.isUnreachable(new JedisDataException("ERR unknown command 'LOADINGX'"))).isFalse();
    }

    @Test
    void sentinelsNeedTheMastersNameAndHostPortEntries() {
        RedisFactory factory = new RedisFactory();
        factory.setSentinels(List.of("127.0.0.1:26379"));
        assertThatThrownBy(() -> factory.build("test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis.sentinels needs redis.masterName");
        factory.setMasterName("conduit");
        factory.setSentinels(List.of("127.0.0.1"));
        assertThatThrownBy(() -> factory.build("test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port").hasMessageContaining("'127.0.0.1'");
        assertThat(RedisFactory.hostAndPort(" redis-a.example:26380 ")).hasToString("redis-a.example:26380");
    }

    @Test
    void sentinelsThatCannotBeReachedAtStartAreNamedWithWhatToDo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisFactory factory = new RedisFactory();
        factory.setSentinels(List.of("127.0.0.1:" + port));
        factory.setMasterName("conduit");
        assertThatThrownBy(() -> factory.build("test")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master 'conduit' of sentinels 127.0.0.1:" + port)
                .hasMessageContaining("start the sentinels, or check redis.sentinels and redis.masterName");
    }
}
