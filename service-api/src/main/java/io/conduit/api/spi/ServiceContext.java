package io.conduit.api.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.AsyncOptions;
import io.conduit.api.Kvdb;
import io.conduit.api.Outgoing;
import io.conduit.api.Request;
import io.conduit.api.Response;
import org.slf4j.Logger;

/**
 * The server's side of one invocation, attached to a {@link io.conduit.api.Service} before its
 * {@code handle()} runs. Implemented by the server; services use the accessors on
 * {@code Service} instead.
 */
public interface ServiceContext {

    /** @return the invoked service's name */
    String serviceName();

    /** @return the correlation id */
    String cid();

    /** @return the request */
    Request request();

    /** @return a typed service's input, bound from the request and validated; {@code null} for other services */
    default Object input() {
        return null;
    }

    /** @return the response being built */
    Response response();

    /** @return the service's logger */
    Logger logger();

    /** @return the outgoing connections */
    Outgoing outgoing();

    /** @return the key/value database */
    Kvdb kvdb();

    /**
     * @param service another service
     * @param payload its payload
     * @return its response payload
     */
    JsonNode invoke(String service, Object payload);

    /**
     * @param service another service
     * @param payload its payload
     * @return the background invocation's cid
     */
    String invokeAsync(String service, Object payload);

    /**
     * @param service another service
     * @param payload its payload
     * @param options durable (with delay, attempts, backoff) or in memory
     * @return the background invocation's cid
     */
    default String invokeAsync(String service, Object payload, AsyncOptions options) {
        throw new UnsupportedOperationException("invokeAsync with options");
    }

    /** @return which attempt of a durable asynchronous invocation this is: 1 for the first, and for any other call */
    default int attempt() {
        return 1;
    }

    /** @return the clock the service reads the time from */
    default java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }
}
