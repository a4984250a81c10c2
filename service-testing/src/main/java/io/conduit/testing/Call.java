package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;

/**
 * What a call through the harness answered, as a channel would have answered it: the status, the
 * body (the service's payload, or the error body {@code {"error", "cid"}} a node writes), the
 * headers the service set, and what happened on the way (its log lines, what it sent out).
 */
public final class Call {

    private final String service;
    private final String cid;
    private final int status;
    private final JsonNode body;
    private final Map<String, String> headers;
    private final List<LogLine> logs;
    private final List<OutgoingCall> outgoing;
    private final ObjectMapper mapper;

    Call(String service, String cid, int status, JsonNode body, Map<String, String> headers, List<LogLine> logs,
         List<OutgoingCall> outgoing, ObjectMapper mapper) {
        this.service = service;
        this.cid = cid;
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.logs = logs;
        this.outgoing = outgoing;
        this.mapper = mapper;
    }

    /** @return the service called */
    public String service() {
        return service;
    }

    /** @return the call's cid: in its log lines, sent to backends, in an error body */
    public String cid() {
        return cid;
    }

    /** @return the HTTP status a channel would answer: the service's, 204 when it set no payload, or the error's */
    public int status() {
        return status;
    }

    /** @return the body as JSON: the service's payload, an error body, or {@code NullNode} when none */
    public JsonNode json() {
        return body == null ? NullNode.getInstance() : body;
    }

    /** @return the body bound to a type, as a typed service's caller would read it */
    public <T> T body(Class<T> type) {
        try {
            return mapper.treeToValue(json(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the answer of " + service + " does not read as " + type.getName() + ": "
                    + e.getOriginalMessage() + "; it was " + status + " " + json(), e);
        }
    }

    /** @return the error a node would answer ({@code "error"} of the body), or null when the service answered */
    public String error() {
        return status >= 400 && body != null && body.has("error") && body.has("cid") ? body.get("error").asText() : null;
    }

    /** @return the headers the service set on its response */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the lines the call logged, in order */
    public List<LogLine> logs() {
        return logs;
    }

    /** @return the messages of the lines the call logged, in order */
    public List<String> logMessages() {
        return logs.stream().map(LogLine::message).toList();
    }

    /** @return what the service sent through outgoing connections, in order */
    public List<OutgoingCall> outgoing() {
        return outgoing;
    }

    @Override
    public String toString() {
        return service + " answered " + status + " " + json() + " (cid " + cid + ")";
    }
}
