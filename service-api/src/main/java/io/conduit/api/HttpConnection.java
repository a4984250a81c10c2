package io.conduit.api;

import java.util.Map;

/**
 * One outgoing plain HTTP connection: an address, a URL path and a pool of keep-alive connections.
 * Every request carries the calling service's cid in the {@code X-Conduit-CID} header (and its trace
 * context in {@code traceparent}). Payloads go out as JSON.
 *
 * <p>Every method throws {@link OutgoingException} when the call fails: the backend refused the
 * connection, did not answer within the connection's timeout, answered 5xx, answered something
 * that is not JSON, or the connection is inactive. The exception names the connection, its address
 * and the elapsed time.
 */
public interface HttpConnection {

    /** @return the connection's name */
    String name();

    /** @return the full URL this connection calls: address plus URL path */
    String url();

    /**
     * Sends a payload with the connection's configured method (POST unless configured otherwise).
     *
     * @param payload the JSON payload ({@code Map}, {@code JsonNode}, a serialisable object, or null)
     * @return the backend's response
     */
    HttpResponse send(Object payload);

    /**
     * @param params query-string parameters
     * @return the backend's response
     */
    HttpResponse get(Map<String, String> params);

    /**
     * @param payload the JSON payload
     * @return the backend's response
     */
    HttpResponse post(Object payload);

    /**
     * @param payload the JSON payload
     * @return the backend's response
     */
    HttpResponse put(Object payload);

    /**
     * @param params query-string parameters
     * @return the backend's response
     */
    HttpResponse delete(Map<String, String> params);

    /**
     * Sends a payload with the connection's configured method, passing on the given cid.
     *
     * @param cid     the correlation id to pass on
     * @param payload the JSON payload ({@code Map}, {@code JsonNode}, a serialisable object, or null)
     * @return the backend's response
     * @deprecated the cid is implicit: use {@link #send(Object)}
     */
    @Deprecated
    HttpResponse send(String cid, Object payload);

    /**
     * @param cid    the correlation id to pass on
     * @param params query-string parameters
     * @return the backend's response
     * @deprecated the cid is implicit: use {@link #get(Map)}
     */
    @Deprecated
    HttpResponse get(String cid, Map<String, String> params);

    /**
     * @param cid     the correlation id to pass on
     * @param payload the JSON payload
     * @return the backend's response
     * @deprecated the cid is implicit: use {@link #post(Object)}
     */
    @Deprecated
    HttpResponse post(String cid, Object payload);

    /**
     * @param cid     the correlation id to pass on
     * @param payload the JSON payload
     * @return the backend's response
     * @deprecated the cid is implicit: use {@link #put(Object)}
     */
    @Deprecated
    HttpResponse put(String cid, Object payload);

    /**
     * @param cid    the correlation id to pass on
     * @param params query-string parameters
     * @return the backend's response
     * @deprecated the cid is implicit: use {@link #delete(Map)}
     */
    @Deprecated
    HttpResponse delete(String cid, Map<String, String> params);
}
