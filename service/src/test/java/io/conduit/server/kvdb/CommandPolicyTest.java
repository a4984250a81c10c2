package io.conduit.server.kvdb;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandPolicyTest {

    private final CommandPolicy policy = new CommandPolicy(false);

    @Test
    void dataCommandsAndReadOnlyServerCommandsAreAllowedInAnyCase() {
        for (String command : List.of("lpush", "LRANGE", "Get", "HSET", "ZADD", "SCAN", "INFO", "DBSIZE")) {
            assertThatCode(() -> policy.check(List.of(command, "x"))).doesNotThrowAnyException();
        }
        assertThatCode(() -> policy.check(List.of("config", "get", "maxmemory"))).doesNotThrowAnyException();
    }

    @Test
    void dangerousCommandsAreRefusedWithAReason() {
        assertThatThrownBy(() -> policy.check(List.of("flushall"))).hasMessage(
                "FLUSHALL is not allowed: it would erase every key, statistics included");
        assertThatThrownBy(() -> policy.check(List.of("SHUTDOWN", "NOSAVE"))).hasMessageContaining("stop Redis");
        assertThatThrownBy(() -> policy.check(List.of("CONFIG", "SET", "x", "y")))
                .hasMessage("CONFIG SET is not allowed; only CONFIG GET is");
        assertThatThrownBy(() -> policy.check(List.of("KEYS", "*"))).hasMessageContaining("use SCAN");
        assertThatThrownBy(() -> policy.check(List.of("DEBUG", "SEGFAULT"))).hasMessageStartingWith("DEBUG is not allowed");
        assertThatThrownBy(() -> policy.check(List.of("MODULE", "LOAD", "x"))).hasMessageStartingWith("MODULE is not allowed");
        assertThatThrownBy(() -> policy.check(List.of("BLPOP", "q", "0"))).hasMessageContaining("it blocks");
        assertThatThrownBy(() -> policy.check(List.of("SOMETHINGNEW"))).hasMessageContaining("docs/ADMIN-API.md");
    }

    @Test
    void scriptsNeedToBeEnabled() {
        assertThatThrownBy(() -> policy.check(List.of("EVAL", "return 1", "0")))
                .hasMessageContaining("kvdb.allowScripts");
        assertThatCode(() -> new CommandPolicy(true).check(List.of("EVAL", "return 1", "0"))).doesNotThrowAnyException();
    }
}
