package io.conduit.testing;

import io.conduit.api.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a channel would hand it to a service: a body, headers, query and path parameters,
 * and the caller its security established.
 *
 * <pre>{@code
 * harness.call("rest.get-customer", TestRequest.of(null).pathParam("id", "42").header("Accept-Language", "fr"));
 * }</pre>
 */
public final class TestRequest {

    private final Object body;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private Principal principal;

    private TestRequest(Object body) {
        this.body = body;
    }

    /**
     * @param body a {@code Map}, {@code JsonNode} or object (sent as JSON), a String (sent as it is, and
     *             parsed as a channel parses a body: invalid JSON is answered 400), or null (no body)
     */
    public static TestRequest of(Object body) {
        return new TestRequest(body);
    }

    /** Adds a header (names are given to services in lower case, as a channel gives them). */
    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Adds a query-string parameter. */
    public TestRequest query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets the value of a {@code {name}} segment of the channel's path. */
    public TestRequest pathParam(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    /** Makes the call as a caller a channel's security definition let in. */
    public TestRequest principal(Principal caller) {
        this.principal = caller;
        return this;
    }

    Object body() {
        return body;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    Map<String, List<String>> query() {
        return query;
    }

    Map<String, String> pathParams() {
        return pathParams;
    }

    Principal principal() {
        return principal;
    }
}
