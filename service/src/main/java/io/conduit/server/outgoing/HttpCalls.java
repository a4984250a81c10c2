package io.conduit.server.outgoing;

import io.conduit.api.HttpConnection;
import io.conduit.api.HttpResponse;
import io.conduit.server.tracing.Tracing;
import java.util.Map;

/**
 * An outgoing HTTP connection's methods, each made one {@link #call}: a node's pool and the service
 * test kit's fake differ only in how they call. The cid a call passes on is the calling service's
 * (its trace id), unless given in the deprecated forms.
 */
public abstract class HttpCalls implements HttpConnection {

    /**
     * @param method  the HTTP method
     * @param cid     the cid to send in {@code X-Conduit-CID}, or null
     * @param payload the body, or null
     * @param params  the query's parameters
     * @return the backend's response
     */
    protected abstract HttpResponse call(String method, String cid, Object payload, Map<String, String> params);

    /** @return the method {@code send} uses, as the connection is configured */
    protected abstract String configuredMethod();

    @Override
    public HttpResponse send(Object payload) {
        return sendWith(Tracing.currentCid(), payload);
    }

    @Override
    public HttpResponse get(Map<String, String> params) {
        return call("GET", Tracing.currentCid(), null, params);
    }

    @Override
    public HttpResponse post(Object payload) {
        return call("POST", Tracing.currentCid(), payload, Map.of());
    }

    @Override
    public HttpResponse put(Object payload) {
        return call("PUT", Tracing.currentCid(), payload, Map.of());
    }

    @Override
    public HttpResponse delete(Map<String, String> params) {
        return call("DELETE", Tracing.currentCid(), null, params);
    }

    @Override
    @Deprecated
    public HttpResponse send(String cid, Object payload) {
        return sendWith(cid, payload);
    }

    @Override
    @Deprecated
    public HttpResponse get(String cid, Map<String, String> params) {
        return call("GET", cid, null, params);
    }

    @Override
    @Deprecated
    public HttpResponse post(String cid, Object payload) {
        return call("POST", cid, payload, Map.of());
    }

    @Override
    @Deprecated
    public HttpResponse put(String cid, Object payload) {
        return call("PUT", cid, payload, Map.of());
    }

    @Override
    @Deprecated
    public HttpResponse delete(String cid, Map<String, String> params) {
        return call("DELETE", cid, null, params);
    }

    private HttpResponse sendWith(String cid, Object payload) {
        String method = configuredMethod();
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        return call(method, cid, withBody ? payload : null, Map.of());
    }
}
