package io.conduit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fixtures.Enrich;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded call (the admin API's JSON of it) replayed: the fakes answer as the backends did, in
 * order, and the service answers as it did on the node; what cannot be replayed is said.
 */
class RecordedCallTest {

    private static final Path SLOW = Path.of("src/test/resources/calls/enrich-slow.json");
    private static final Path FAILED = Path.of("src/test/resources/calls/enrich-failed.json");

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.of(Enrich.class);

    @Test
    void aSlowCallIsAnsweredAgainFromItsRecordedRepliesInOrder() {
        RecordedCall recorded = RecordedCall.read(SLOW);

        Call replay = harness.replay(recorded);

        recorded.assertAnsweredAsRecorded(replay);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().toString()).isEqualTo("{\"name\":\"lamp\",\"team\":\"lighting\",\"owner\":\"Ann\",\"counted\":1}");
        assertThat(replay.cid()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(harness.http("Directory").requests()).extracting(OutgoingCall::path)
                .containsExactly("/?q=i-7", "/?q=i-7-owner");
        assertThat(harness.scriptedSql("Db").statements()).extracting(OutgoingCall::path).containsExactly(
                "SELECT id, name FROM items WHERE id = ?", "UPDATE items SET visits = visits + 1 WHERE id = 'i-7'");
    }

    @Test
    void aFailedCallFailsAgainWithTheMessageTheNodeGave() {
        RecordedCall recorded = RecordedCall.read(FAILED);

        Call replay = harness.replay(recorded);

        recorded.assertAnsweredAsRecorded(replay);
        assertThat(replay.status()).isEqualTo(504);
        assertThat(replay.error()).isEqualTo("service 'fixtures.enrich' failed: outgoing connection 'Directory'"
                + " (GET http://directory.internal:8080/find) did not answer within 1000 ms after 1000 ms");
    }

    @Test
    void aServiceThatNowAnswersOtherwiseFailsTheComparisonNamingTheField(@TempDir Path dir) throws IOException {
        Path changed = dir.resolve("changed.json");
        Files.writeString(changed, Files.readString(SLOW).replace("\"team\": \"lighting\"}", "\"team\": \"lamps\"}"));
        RecordedCall recorded = RecordedCall.read(changed);

        Call replay = harness.replay(recorded);

        assertThatThrownBy(() -> recorded.assertAnsweredAsRecorded(replay)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not answer as recorded: /team is \"lamps\", recorded \"lighting\"");
    }

    @Test
    void aReplyTheServiceNoLongerAsksForFailsTheTest(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("extra.json");
        Files.writeString(extra, Files.readString(SLOW).replace("\"outgoing\": [", "\"outgoing\": [{\"kind\": \"http\","
                + " \"connection\": \"Directory\", \"operation\": \"DELETE\", \"status\": 204},"));

        harness.replay(RecordedCall.read(extra));

        assertThatThrownBy(harness::verify).hasMessageContaining("outgoing HTTP connection 'Directory': the test"
                + " expected DELETE, which no service sent");
        harness.reset();
    }

    @Test
    void whatARecordingCannotReplayIsNamedWithWhatToDo(@TempDir Path dir) throws IOException {
        Path transaction = dir.resolve("transaction.json");
        Files.writeString(transaction, Files.readString(SLOW).replace("\"operation\": \"UPDATE\"",
                "\"operation\": \"TRANSACTION\""));
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, Files.readString(SLOW).replace("\"received\": {\"owner\": \"Ann\"},",
                "\"received\": \"{\\\"owner\\\": \\\"A\", \"truncated\": true,"));

        assertThatThrownBy(() -> harness.replay(RecordedCall.read(transaction))).hasMessageContaining(
                "outgoing sql connection 'Db' ran a transaction").hasMessageContaining("harness.sql(\"Db\")");
        harness.reset();
        assertThatThrownBy(() -> harness.replay(RecordedCall.read(cut))).hasMessageContaining(
                "calls.maxBodySize");
        harness.reset();
        assertThatThrownBy(() -> RecordedCall.read(dir.resolve("missing.json"))).hasMessageContaining(
                "no recorded call at").hasMessageContaining("/conduit/admin/calls/$CID");
        Path notACall = dir.resolve("not-a-call.json");
        Files.writeString(notACall, "{\"status\": 200}");
        assertThatThrownBy(() -> RecordedCall.read(notACall)).hasMessageContaining("is not a recorded call");
    }
}
