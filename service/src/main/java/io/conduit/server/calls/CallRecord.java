package io.conduit.server.calls;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A recorded call, as the admin API shows it and Redis keeps it (JSON): secrets masked, bodies capped.
 * Offsets are milliseconds from the call's start, for a waterfall.
 *
 * @param outcome  {@code failed} (answered 5xx) or {@code slow} (took at least its threshold)
 * @param request  what the caller sent
 * @param service  the service, its offset, duration and error
 * @param outgoing each outgoing call
 * @param logs     the call's log lines
 * @param response what the caller got
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallRecord(String cid, String at, String node, String channel, String outcome, double durationMs,
                         Request request, Service service, List<Outgoing> outgoing, List<LogLine> logs,
                         Response response) {

    /**
     * The request: headers with credentials masked, the body capped (and its secret fields masked).
     *
     * @param pathParams what the channel's URL path template took from the path, or null for none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String method, String path, String query, Map<String, List<String>> headers,
                          Map<String, String> pathParams, JsonNode body, String text, boolean truncated) {
    }

    /** The service the channel invoked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(String name, double startMs, double durationMs, String error) {
    }

    /**
     * One outgoing call: what it sent and what the backend answered, enough for the service test kit to
     * answer as the backend did ({@code ServiceHarness.replay}).
     *
     * @param sent      the payload, message or statement (its literals replaced by {@code ?})
     * @param received  the backend's answer: an HTTP body, a query's rows, an update's count
     * @param reason    why it failed ({@code OutgoingException.Reason}), or null
     * @param sqlState  the SQLSTATE of a failed statement, or null
     * @param truncated true when the body received was longer than the bodies kept, and cut
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outgoing(String kind, String connection, String operation, JsonNode sent, JsonNode received,
                           double startMs, double durationMs, Integer status, String reason, String sqlState,
                           String error, Boolean truncated) {
    }

    /** One log line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogLine(String at, String level, String logger, String message, String error) {
    }

    /** The answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(int status, JsonNode body, String text, boolean truncated) {
    }

    /** @return the record without its details, for lists */
    public Summary summary() {
        return new Summary(cid, at, node, channel, service == null ? null : service.name(), outcome, durationMs,
                request.method(), request.path(), response == null ? 0 : response.status());
    }

    /** A line of the list of recorded calls. */
    public record Summary(String cid, String at, String node, String channel, String service, String outcome,
                          double durationMs, String method, String path, int status) {
    }
}
