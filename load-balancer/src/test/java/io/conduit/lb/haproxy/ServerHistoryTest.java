package io.conduit.lb.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerHistoryTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ServerHistory history = new ServerHistory(null, Duration.ofSeconds(5), Duration.ofSeconds(20), clock);

    @Test
    void eachLookIsASampleAndEachChangeOfStateAnEvent() {
        history.sample(List.of(server("server1", "UP", 10), server("server2", "UP", 4)));
        clock.advance(Duration.ofSeconds(5));
        history.sample(List.of(server("server1", "UP", 60), server("server2", "DOWN", 4)));
        clock.advance(Duration.ofSeconds(5));
        history.sample(List.of(server("server1", "DRAIN 1/2", 70)));

        ServerHistory.View view = history.view();
        assertThat(view.everyMillis()).isEqualTo(5000);
        assertThat(view.samples().get("server1")).extracting(ServerHistory.Sample::requests).containsExactly(10L, 60L, 70L);
        assertThat(view.samples().get("server1").get(2).state()).isEqualTo("DRAIN");
        assertThat(view.events()).extracting(e -> e.server() + ":" + e.from() + "->" + e.to()).containsExactly(
                "server1:null->UP", "server2:null->UP", "server2:UP->DOWN", "server1:UP->DRAIN", "server2:DOWN->GONE");
    }

    @Test
    void onlyTheLastStretchIsKept() {
        for (int i = 0; i < 10; i++) {
            history.sample(List.of(server("server1", "UP", i)));
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(history.view().samples().get("server1")).extracting(ServerHistory.Sample::requests)
                .containsExactly(6L, 7L, 8L, 9L);
    }

    private static ServerStat server(String name, String status, long requests) {
        return new ServerStat(name, "127.0.0.1:1", status, "L7OK", "", 1, 100, 0, 0, requests, 0, 0, 0, 0, 0, 0, 0);
    }
}
