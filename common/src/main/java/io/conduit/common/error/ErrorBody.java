package io.conduit.common.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.cid.Cids;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** @return the body as JSON, with a line end */
    public byte[] json() {
        try {
            byte[] json = JSON.writeValueAsBytes(this);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body cannot be written as JSON", e);
        }
    }

    /**
     * Answers a servlet request with an error outside Jersey (a filter), with a new cid in the body and
     * in {@code X-Conduit-CID}.
     */
    public static void write(HttpServletResponse response, int status, String error) throws IOException {
        String cid = Cids.next();
        byte[] body = new ErrorBody(error, cid).json();
        response.setStatus(status);
        response.setHeader(Cids.HEADER, cid);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public String toString() {
        return "ErrorBody[error=" + error + ", cid=" + cid + ", details=" + details.keySet() + "]";
    }
}
