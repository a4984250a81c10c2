package io.conduit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fixtures.Acknowledge;
import fixtures.Announce;
import fixtures.Greet;
import fixtures.Reconcile;
import fixtures.Relay;
import fixtures.Store;
import io.conduit.api.Mail;
import io.conduit.api.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness runs services as a node does, and fails a test with a message that says what to do. */
class ServiceHarnessTest {

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.of(Greet.class, Relay.class, Store.class, Announce.class,
            Reconcile.class, Acknowledge.class);

    @BeforeEach
    void setUp() {
        harness.http("Directory");
    }

    @Test
    void aTypedServiceIsBoundValidatedAndAnsweredAsByANode() {
        Call ok = harness.call("fixtures.greet", Map.of("name", "Ann"));
        Call invalid = harness.call("fixtures.greet", Map.of("name", ""));
        Call refused = harness.call("fixtures.greet", Map.of("name", "nobody"));
        Call notJson = harness.call("fixtures.greet", "{\"name\": ");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body(Greet.Greeting.class)).isEqualTo(new Greet.Greeting("Hello, Ann", "2026-01-01T09:00:00Z", 1));
        assertThat(ok.logs()).extracting(LogLine::toString).containsExactly("INFO fixtures.greet - greeting Ann for the 1th time");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("fields").toString()).contains("\"field\":\"name\"", "must not be blank");
        assertThat(invalid.json().path("cid").asText()).isEqualTo(invalid.cid());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.error()).isEqualTo("nobody is not here");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).contains("not valid JSON");
    }

    @Test
    void theClockAndTheKvdbAreTheTests() {
        harness.clock().set(Instant.parse("2030-05-01T12:00:00Z"));
        harness.kvdb().set("visits:Bo", "41");

        Greet.Greeting greeting = harness.call("fixtures.greet", Map.of("name", "Bo")).body(Greet.Greeting.class);

        assertThat(greeting.at()).isEqualTo("2030-05-01T12:00:00Z");
        assertThat(greeting.visits()).isEqualTo(42);
        assertThat(harness.kvdb().get("visits:Bo")).isEqualTo("42");
    }

    @Test
    void beforeEachTestTheFakesTheKvdbAndTheClockAreEmpty() {
        assertThat(harness.kvdb().keys()).isEmpty();
        assertThat(harness.clock().instant()).isEqualTo(FakeClock.START);
        assertThat(harness.async()).isEmpty();
        assertThat(harness.http("Directory").requests()).isEmpty();
    }

    @Test
    void outgoingCallsOtherServicesAndInvokeAsyncAreFakedAndRecorded() {
        harness.http("Directory").on("GET").withQuery(Map.of("q", "ann")).reply(200, Map.of("name", "Ann"));
        harness.stub("scoring.score", payload -> Map.of("score", payload.path("name").asText().length()));

        Call call = harness.call("fixtures.relay", Map.of("q", "ann"));

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.json().path("score").asInt()).isEqualTo(3);
        OutgoingCall sent = harness.http("Directory").request();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/?q=ann");
        assertThat(sent.headers()).containsEntry("X-Conduit-CID", call.cid());
        assertThat(call.outgoing()).containsExactly(sent);
        assertThat(harness.async()).extracting(AsyncCall::service, a -> a.payload().toString(), a -> a.options().isDurable())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fixtures.greet", "{\"name\":\"Ann\"}", true),
                        org.assertj.core.groups.Tuple.tuple("fixtures.greet", "{\"name\":\"again\"}", false));
        assertThat(harness.async().get(0).cid()).isEqualTo(call.json().path("later").asText()).isNotEqualTo(call.cid());

        List<Call> later = harness.runAsync();

        assertThat(later).extracting(c -> c.json().path("text").asText()).containsExactly("Hello, Ann", "Hello, again");
        assertThat(harness.async()).isEmpty();
    }

    @Test
    void sqlRunsOnAnInMemoryDatabaseThroughTheNodesOwnConnection() {
        harness.sql("Db").update("CREATE TABLE items (id VARCHAR(10) PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        harness.amqp("Events");

        Call call = harness.call("fixtures.store", Map.of("id", "i-1", "name", "lamp"));
        Call again = harness.call("fixtures.store", Map.of("id", "i-1", "name", "lamp"));

        assertThat(call.json()).hasToString("{\"id\":\"i-1\",\"name\":\"lamp\"}");
        assertThat(harness.sql("Db").query("SELECT name FROM items")).containsExactly(Map.of("name", "lamp"));
        assertThat(harness.amqp("Events").sent()).singleElement().satisfies(m -> {
            assertThat(m.path()).isEqualTo("items.stored");
            assertThat(m.body()).hasToString("{\"stored\":\"i-1\"}");
            assertThat(m.headers()).containsEntry("X-Conduit-CID", call.cid());
        });
        assertThat(again.status()).as("a duplicate key is the database's refusal").isEqualTo(502);
        assertThat(again.error()).contains("'Db'");
    }

    @Test
    void aKafkaFakeTakesTheRecordsWithTheirKeysAndHeaders() {
        harness.kafka("Orders");

        Call first = harness.call("fixtures.announce", Map.of("id", "A-1", "total", 10));
        Call second = harness.call("fixtures.announce", Map.of("id", "A-2", "total", 20));

        assertThat(first.json().path("topic").asText()).isEqualTo("Orders");
        assertThat(first.json().path("offset").asLong()).isZero();
        assertThat(second.json().path("offset").asLong()).isEqualTo(1);
        assertThat(harness.kafka("Orders").sent()).first().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("kafka");
            assertThat(r.path()).as("the key").isEqualTo("A-1");
            assertThat(r.body().path("id").asText()).isEqualTo("A-1");
            assertThat(r.body().path("total").asInt()).isEqualTo(10);
            assertThat(r.headers()).containsEntry("source", "web").containsEntry("X-Conduit-CID", first.cid());
        });
    }

    @Test
    void aFileAsAFileChannelHandsItAndAFileConnectionFakeTakesWhatTheServicePuts() {
        harness.files("Reports").put("out/old.txt", "kept");

        Call ok = harness.call("fixtures.reconcile", TestRequest.file("/upload/day-1.csv", "id,amount\n1,20\n2,22\n"));
        Call bad = harness.call("fixtures.reconcile", TestRequest.file("/upload/day-2.csv", "id,amount\n1,twenty\n"));

        assertThat(ok.status()).as("no response payload").isEqualTo(204);
        assertThat(harness.files("Reports").text("out/day-1.txt")).isEqualTo("day-1.csv: 2 rows, total 42\n");
        assertThat(harness.files("Reports").paths()).containsExactly("out/day-1.txt", "out/old.txt");
        assertThat(harness.files("Reports").list("out")).extracting(e -> e.name() + " " + e.size())
                .containsExactly("day-1.txt 28", "old.txt 4");
        assertThat(bad.status()).isEqualTo(500);
        assertThat(harness.files("Reports").paths()).as("nothing put for the failed file").hasSize(2);
    }

    @Test
    void aMailAsAnImapChannelHandsItAndAnSmtpFakeTakesTheAnswer() {
        harness.mail("Notify");
        Call call = harness.call("fixtures.acknowledge", TestRequest.mail("partner@example.com", "Orders",
                "attached", new Mail.Attachment("orders.csv", "text/csv", "id\n1\n".getBytes(StandardCharsets.UTF_8))));

        assertThat(call.status()).isEqualTo(204);
        assertThat(harness.mail("Notify").sent()).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("partner@example.com");
            assertThat(m.subject()).isEqualTo("Re: Orders");
            assertThat(m.text()).isEqualTo("1 file(s), 5 bytes");
            assertThat(m.inReplyTo()).startsWith("<").endsWith("@conduit.test>");
        });
    }

    @Test
    void scriptedSqlAnswersWhatTheTestSaysAndRecordsTheStatements() {
        harness.scriptedSql("Db").on("insert into items").updated(1);
        harness.scriptedSql("Db").on("SELECT id, name").rows(Map.of("id", "i-9", "name", "desk"));
        harness.amqp("Events");

        Call call = harness.call("fixtures.store", Map.of("id", "i-9", "name", "desk"));

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.json().path("id").asText()).isEqualTo("i-9");
        assertThat(call.json().path("name").asText()).isEqualTo("desk");
        assertThat(harness.scriptedSql("Db").statements()).extracting(OutgoingCall::method, c -> c.body().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("update", "[\"i-9\",\"desk\"]"),
                        org.assertj.core.groups.Tuple.tuple("query", "[\"i-9\"]"));
    }

    @Test
    void aScriptedRefusalIsTheDatabasesAndAStatementNoScriptAnswersFailsTheTest() {
        harness.scriptedSql("Db").on("INSERT INTO items").fail("23505", "duplicate key value violates unique constraint");
        harness.amqp("Events");

        Call refused = harness.call("fixtures.store", Map.of("id", "i-1", "name", "lamp"));

        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.error()).contains("'Db'", "SQL state 23505", "duplicate key");
        assertThat(harness.amqp("Events").messages()).isEmpty();
        harness.reset();
        harness.http("Directory");
        harness.scriptedSql("Db").on("DELETE FROM items").updated(0).optional();
        assertThatThrownBy(() -> harness.call("fixtures.store", Map.of("id", "i-2", "name", "x")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ran INSERT INTO items (id, name) VALUES (?, ?) [\"i-2\",\"x\"] on outgoing SQL"
                        + " connection 'Db', which no script of the test answers; its scripts start: ['delete from items']");
    }

    @Test
    void aConnectionTheTestDidNotFakeFailsTheTestNamingServiceAndConnection() {
        assertThatThrownBy(() -> harness.call("fixtures.store", Map.of("id", "1", "name", "x")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("service 'fixtures.store' asked for outgoing SQL connection 'Db', which this test did not"
                        + " fake; add harness.sql(\"Db\").update(\"CREATE TABLE ...\")");
    }

    @Test
    void aRequestNoReplyMatchesFailsTheTestSayingWhatWasSentAndExpected() {
        harness.http("Directory").on("GET").withQuery(Map.of("q", "bob")).reply(200, Map.of()).optional();

        assertThatThrownBy(() -> harness.call("fixtures.relay", Map.of("q", "ann")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("service 'fixtures.relay' sent http 'Directory' GET /?q=ann, which no reply of the"
                        + " test matches; the test's replies for 'Directory': [GET with query {q=bob}]");
    }

    @Test
    void aReplyNoServiceAskedForFailsVerify() {
        harness.http("Directory").on("GET").withQuery(Map.of("q", "carl")).reply(200, Map.of());
        harness.http("Directory").on("POST").reply(200, Map.of()).optional();

        assertThatThrownBy(harness::verify).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("outgoing HTTP connection 'Directory': the test expected GET with query {q=carl},"
                        + " which no service sent")
                .hasMessageNotContaining("POST");
        harness.reset();
    }

    @Test
    void anotherServiceTheTestDidNotStubFailsTheTest() {
        harness.http("Directory").reply(200, Map.of("name", "Ann"));
        harness.stub("scoring.score", payload -> Map.of());
        harness.reset(); // the stub goes with the reset, the service's name stays known

        harness.http("Directory").reply(200, Map.of("name", "Ann"));
        assertThatThrownBy(() -> harness.call("fixtures.relay", Map.of("q", "ann")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("invoked 'scoring.score', which this test did not stub");
    }

    @Test
    void requestsCarryHeadersParametersAndTheCaller() {
        Call call = harness.call("fixtures.greet", TestRequest.of(Map.of("name", "Di")).header("X-Trace", "1")
                .principal(new Principal("di", "basic", Map.of())));

        assertThat(call.status()).isEqualTo(200);
    }

    @Test
    void aServiceThatDoesNotCompileIsRefusedWithTheCompilersErrors() {
        assertThatThrownBy(() -> ServiceHarness.source(Path.of("src/test/resources/fixtures/Broken.java")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Broken.java cannot be deployed")
                .hasMessageContaining("does not compile (1 error)")
                .hasMessageContaining("Broken.java:8:");
    }

    @Test
    void aFakeTimeoutMovesTheClockInsteadOfWaiting() {
        harness.http("Directory").timeout(Duration.ofSeconds(2)).reply(200, Map.of()).after(Duration.ofMinutes(5));

        Call call = harness.call("fixtures.relay", Map.of("q", "x"));

        assertThat(call.status()).isEqualTo(504);
        assertThat(harness.clock().instant()).isEqualTo(FakeClock.START.plusSeconds(2));
    }
}
