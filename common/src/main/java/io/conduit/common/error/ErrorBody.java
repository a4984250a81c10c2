package io.conduit.common.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of every error any Conduit part answers, written by the ObjectMapper:
 * {@code {"error": "what went wrong, and what to do", "cid": "..."}}, plus what a failure adds
 * beside them (a compiler's diagnostics, {@code haproxy -c}'s output, the fields that failed
 * validation).
 */
@JsonPropertyOrder({"error", "cid"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ErrorBody {

    private final String error;
    private final String cid;
    private final Map<String, Object> details;

    /**
     * @param error what went wrong and, where it helps, what to do
     * @param cid   the call's correlation id, as in the log
     */
    public ErrorBody(String error, String cid) {
        this(error, cid, Map.of());
    }

    /** @param details more fields beside {@code error} and {@code cid} */
    public ErrorBody(String error, String cid, Map<String, ?> details) {
        this.error = error;
        this.cid = cid;
        this.details = new LinkedHashMap<>(details);
    }

    @JsonProperty
    public String error() {
        return error;
    }

    @JsonProperty
    public String cid() {
        return cid;
    }

    @JsonAnyGetter
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return "ErrorBody[error=" + error + ", cid=" + cid + ", details=" + details.keySet() + "]";
    }
}
