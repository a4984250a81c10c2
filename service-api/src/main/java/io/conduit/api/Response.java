package io.conduit.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response a service builds. A channel sends the payload as JSON with the status code
 * (200 unless set) and any headers added here.
 */
public final class Response {

    private Object payload;
    private int statusCode = 200;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** @return the payload set so far, or {@code null} */
    public Object payload() {
        return payload;
    }

    /**
     * Sets the payload: a {@code Map}, a {@code List}, a Jackson {@code JsonNode}, a
     * JSON-serialisable object, or {@code null} for no body.
     *
     * @param payload the payload
     */
    public void setPayload(Object payload) {
        this.payload = payload;
    }

    /** @return the HTTP status code, 200 unless set */
    public int statusCode() {
        return statusCode;
    }

    /**
     * @param statusCode an HTTP status code (100-599)
     * @throws IllegalArgumentException for a code outside 100-599
     */
    public void setStatusCode(int statusCode) {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("not an HTTP status code: " + statusCode);
        }
        this.statusCode = statusCode;
    }

    /**
     * Adds a header to the HTTP response.
     *
     * @param name  header name
     * @param value header value
     */
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    /** @return the headers set by the service */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
