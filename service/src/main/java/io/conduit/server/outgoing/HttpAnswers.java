package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * How a backend's answer becomes what a service gets from an outgoing HTTP connection: the response,
 * or the failure it is (5xx, a body that is not JSON). One place for the pool and the service test
 * kit's fake connections, so a test sees what a node would.
 */
public final class HttpAnswers {

    private static final int SNIPPET = 200;

    private HttpAnswers() {
    }

    /**
     * @param start when the call began ({@link System#nanoTime()}), for the failure's message
     * @return the response, its body parsed as JSON ({@code NullNode} when empty)
     * @throws OutgoingException when the backend answered 5xx or a body that is not JSON
     */
    public static HttpResponse read(String connection, String method, String url, int status, byte[] body,
                                    ObjectMapper mapper, long start) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (status >= 500) {
            throw failure(connection, url, Reason.SERVER_ERROR, method, "answered " + status + snippet(text), start, null);
        }
        JsonNode data;
        try {
            data = body.length == 0 ? NullNode.getInstance() : mapper.readTree(body);
        } catch (IOException e) {
            throw failure(connection, url, Reason.BAD_RESPONSE, method, "answered " + status
                    + " with a body that is not JSON" + snippet(text), start, e);
        }
        return new HttpResponse(status, data == null ? NullNode.getInstance() : data, text);
    }

    /** @return the failure of a call, naming the connection, what it called and the time it took */
    public static OutgoingException failure(String connection, String url, Reason reason, String method, String what,
                                            long start, Throwable cause) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new OutgoingException(connection, reason, "outgoing connection '" + connection + "' (" + method
                + " " + url + ") " + what + " after " + millis + " ms", cause);
    }

    /** @return the query string of a call's parameters, {@code ?a=1&b=2} (empty when none), encoded */
    public static String query(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        params.forEach((k, v) -> joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    private static String snippet(String text) {
        if (text.isBlank()) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > SNIPPET ? oneLine.substring(0, SNIPPET) + "..." : oneLine);
    }
}
