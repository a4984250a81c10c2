package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable asynchronous invocations on two nodes sharing Redis: retried with the attempt number until
 * they succeed; dead-lettered after the last attempt; replayed from the dead letters; discarded.
 */
class AsyncIT {

    private static TestCluster cluster;
    private static TestNode one;

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        one = cluster.start("server1");
        cluster.start("server2");
        one.admin("POST", "/conduit/admin/services", Fixtures.text("services/Flaky.java"));
        one.admin("POST", "/conduit/admin/services", Fixtures.text("services/Enqueue.java"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aFailingInvocationIsRetriedWithItsAttemptNumberUntilItSucceeds() {
        String cid = enqueue("async:retried", 3, 3);
        List<String> record = await(() -> {
            List<String> r = list("async:retried");
            return r.contains("done") ? r : null;
        });
        assertThat(record).containsExactly("done", "attempt 3", "attempt 2", "attempt 1");
        assertThat(deadLetters()).noneMatch(d -> d.path("cid").asText().equals(cid));
    }

    @Test
    void aServiceThatAlwaysFailsLandsInTheDeadLettersAndReplayRunsItAgain() {
        String cid = enqueue("async:dead", 0, 2);
        JsonNode letter = await(() -> deadLetters().stream().filter(d -> d.path("cid").asText().equals(cid))
                .findFirst().orElse(null));
        assertThat(letter.path("service").asText()).isEqualTo("fixtures.flaky");
        assertThat(letter.path("attempts").asInt()).isEqualTo(2);
        assertThat(letter.path("error").asText()).contains("attempt 2 fails on purpose");
        assertThat(letter.path("payload").path("key").asText()).isEqualTo("async:dead");
        assertThat(letter.path("id").asText()).isEqualTo(cid);
        assertThat(letter.path("failedAt").asText()).isNotEmpty();
        assertThat(list("async:dead")).containsExactly("attempt 2", "attempt 1");

        Reply replay = one.admin("POST", "/conduit/admin/async/dead-letters/" + cid + "/replay", null);
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        await(() -> list("async:dead").size() == 4 && deadLetters().stream()
                .anyMatch(d -> d.path("cid").asText().equals(cid)) ? true : null);
        assertThat(list("async:dead")).as("run again from its first attempt")
                .containsExactly("attempt 2", "attempt 1", "attempt 2", "attempt 1");

        assertThat(one.admin("DELETE", "/conduit/admin/async/dead-letters/" + cid, null).status()).isEqualTo(204);
        assertThat(deadLetters()).noneMatch(d -> d.path("cid").asText().equals(cid));
        assertThat(one.admin("POST", "/conduit/admin/async/dead-letters/" + cid + "/replay", null).status())
                .isEqualTo(404);
    }

    @Test
    void anInMemoryInvocationRunsOnceOnTheCallingNodeWithoutRetries() {
        Reply reply = one.admin("POST", "/conduit/admin/invoke/fixtures.enqueue", "{\"key\": \"async:memory\","
                + " \"succeedOn\": 0, \"inMemory\": true}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        await(() -> list("async:memory").isEmpty() ? null : true);
        String cid = reply.json().path("cid").asText();
        assertThat(list("async:memory")).containsExactly("attempt 1");
        assertThat(deadLetters()).noneMatch(d -> d.path("cid").asText().equals(cid));
    }

    private static String enqueue(String key, int succeedOn, int attempts) {
        Reply reply = one.admin("POST", "/conduit/admin/invoke/fixtures.enqueue", "{\"key\": \"" + key
                + "\", \"succeedOn\": " + succeedOn + ", \"attempts\": " + attempts + ", \"backoffMs\": 50}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("cid").asText();
    }

    private static List<String> list(String key) {
        Reply reply = one.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"LRANGE " + key + " 0 -1\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> items = new ArrayList<>();
        JsonNode result = reply.json().path("result");
        for (String line : result.asText().split("\n")) {
            int quote = line.indexOf('"');
            if (quote >= 0) {
                items.add(line.substring(quote + 1, line.lastIndexOf('"')));
            }
        }
        return items;
    }

    private static List<JsonNode> deadLetters() {
        Reply reply = one.admin("GET", "/conduit/admin/async/dead-letters", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        reply.json().forEach(letters::add);
        return letters;
    }

    private static <T> T await(Supplier<T> check) {
        return Await.value(check, Duration.ofSeconds(30));
    }
}
