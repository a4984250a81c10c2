package io.conduit.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.server.calls.CallRecord;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A call a node recorded (it failed or was slow), read from the JSON the admin API gives for it
 * ({@code GET /conduit/admin/calls/{cid}}), saved as a test fixture. {@link ServiceHarness#replay}
 * runs its request again with the fakes answering as the backends did.
 *
 * <pre>{@code
 * RecordedCall recorded = RecordedCall.read(Path.of("src/test/resources/calls/payments-down.json"));
 * Call call = harness.replay(recorded);
 * recorded.assertAnsweredAsRecorded(call);
 * }</pre>
 */
public final class RecordedCall {

    private static final String MASK = "***";
    /** Reads fixtures as a node writes records; a field a later version adds is skipped, not refused. */
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final CallRecord record;
    private final String source;

    private RecordedCall(CallRecord record, String source) {
        this.record = record;
        this.source = source;
    }

    /**
     * @param file a recorded call as {@code GET /conduit/admin/calls/{cid}} gave it
     * @throws AssertionError if the file is missing or is not a recorded call
     */
    public static RecordedCall read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AssertionError("no recorded call at " + file.toAbsolutePath() + "; save one with"
                    + " curl -s -u \"$AUTH\" 127.0.0.1:11223/conduit/admin/calls/$CID > " + file);
        } catch (IOException e) {
            throw new AssertionError("cannot read the recorded call " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    static RecordedCall parse(byte[] json, String source) {
        CallRecord record;
        try {
            record = MAPPER.readValue(json, CallRecord.class);
        } catch (IOException e) {
            throw new AssertionError(source + " is not a recorded call (the JSON of GET /conduit/admin/calls/{cid}): "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()), e);
        }
        if (record.request() == null || record.service() == null || record.response() == null) {
            throw new AssertionError(source + " is not a recorded call of a service: it needs \"request\", \"service\""
                    + " and \"response\", as GET /conduit/admin/calls/{cid} gives them");
        }
        return new RecordedCall(record, source);
    }

    /** @return the service the call ran */
    public String service() {
        return record.service().name();
    }

    /** @return the recorded call's cid (a replay runs under the same cid) */
    public String cid() {
        return record.cid();
    }

    /** @return the status the caller got */
    public int status() {
        return record.response().status();
    }

    /** @return the body the caller got, as JSON ({@code null} when there was none or it was not JSON) */
    public JsonNode json() {
        return record.response().body();
    }

    /** @return each outgoing call the service made, in order, with what it sent and received */
    public List<CallRecord.Outgoing> outgoing() {
        return record.outgoing() == null ? List.of() : record.outgoing();
    }

    CallRecord record() {
        return record;
    }

    String source() {
        return source;
    }

    /**
     * Asserts that a replay answered as the recorded call did: the same status and the same body (as
     * JSON), a value the recording masked ({@code ***}) matching any.
     *
     * @throws AssertionError naming what differs
     */
    public void assertAnsweredAsRecorded(Call replay) {
        CallRecord.Response recorded = record.response();
        if (recorded.truncated()) {
            throw new AssertionError(source + ": the recorded answer was cut at the node's calls.maxBodySize;"
                    + " compare what matters in it yourself");
        }
        JsonNode expected = recorded.body() != null ? recorded.body()
                : recorded.text() == null ? null : MAPPER.getNodeFactory().textNode(recorded.text());
        String difference = replay.status() != recorded.status()
                ? "answered " + replay.status() + ", the recorded call " + recorded.status()
                : difference("", expected, replay.json());
        if (difference != null) {
            throw new AssertionError("the replay of " + source + " (service '" + service() + "') did not answer as"
                    + " recorded: " + difference + "\nrecorded: " + recorded.status() + " " + expected
                    + "\nreplayed: " + replay.status() + " " + replay.json());
        }
    }

    private static String difference(String at, JsonNode expected, JsonNode actual) {
        String where = at.isEmpty() ? "the body" : at;
        if (expected != null && expected.isTextual() && MASK.equals(expected.asText())) {
            return null;
        }
        if (expected == null || expected.isNull() || actual == null || actual.isNull()) {
            boolean bothEmpty = (expected == null || expected.isNull()) && (actual == null || actual.isNull());
            return bothEmpty ? null : where + " is " + actual + ", recorded " + expected;
        }
        if (expected instanceof ObjectNode object) {
            if (!actual.isObject()) {
                return where + " is " + actual + ", recorded " + expected;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String d = difference(at + "/" + field.getKey(), field.getValue(), actual.get(field.getKey()));
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!object.has(name)) {
                    return at + "/" + name + " is " + actual.get(name) + ", the recorded call had no such field";
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return where + " is " + actual + ", recorded " + expected;
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(at + "/" + i, expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : where + " is " + actual + ", recorded " + expected;
    }

    @Override
    public String toString() {
        return "recorded call " + record.cid() + " of '" + service() + "' (" + source + ")";
    }
}
