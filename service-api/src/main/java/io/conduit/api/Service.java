package io.conduit.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.spi.ServiceContext;
import org.slf4j.Logger;

/**
 * The base class of every Conduit service.
 *
 * <p>The server creates a new instance for every invocation, so fields of a service are private to
 * one call. A service must have a public no-argument constructor.
 *
 * <p>A service is named after its class: {@code <java package>.<kebab-case class name>}, for
 * example {@code tutorial.GetClientDetails} is {@code tutorial.get-client-details}. Annotate the
 * class with {@link ServiceName} to choose another name.
 *
 * <p>Everything a service needs during {@link #handle()} comes through the accessors below:
 * <table>
 * <caption>What a service can use</caption>
 * <tr><th>accessor</th><th>what</th></tr>
 * <tr><td>{@link #request()}</td><td>the request: its parsed JSON payload, headers, parameters</td></tr>
 * <tr><td>{@link #response()}</td><td>the response: payload, status code, headers</td></tr>
 * <tr><td>{@link #cid()}</td><td>the correlation id of this invocation</td></tr>
 * <tr><td>{@link #logger()}</td><td>a logger named after the service; lines carry the cid</td></tr>
 * <tr><td>{@link #outgoing()}</td><td>outgoing connections (plain HTTP, ZeroMQ, SQL, AMQP) by name</td></tr>
 * <tr><td>{@link #kvdb()}</td><td>the key/value database (Redis)</td></tr>
 * <tr><td>{@link #invoke}, {@link #invokeAsync}</td><td>other services, now or later (durably)</td></tr>
 * <tr><td>{@link #attempt()}</td><td>which attempt of a durable asynchronous invocation this is</td></tr>
 * <tr><td>{@link #clock()}</td><td>the time now (a test sets it)</td></tr>
 * </table>
 */
public abstract class Service {

    private ServiceContext context;

    /**
     * Does the service's work: reads {@link #request()} and sets {@link #response()}.
     *
     * <p>An exception thrown from here fails the invocation: a channel answers HTTP 500 with the
     * cid, and the exception is logged with that cid. The caller never sees a stack trace.
     *
     * @throws Exception anything the service does not handle itself
     */
    public abstract void handle() throws Exception;

    /** @return the request being handled */
    protected final Request request() {
        return context().request();
    }

    /** @return a typed service's bound and validated input */
    final Object input() {
        return context().input();
    }

    /** @return the response to fill in */
    protected final Response response() {
        return context().response();
    }

    /** @return the correlation id of this invocation, also sent to backends and logged */
    protected final String cid() {
        return context().cid();
    }

    /** @return the name this service is deployed under */
    protected final String name() {
        return context().serviceName();
    }

    /** @return a logger named after this service */
    protected final Logger logger() {
        return context().logger();
    }

    /** @return the cluster's outgoing connections, looked up by name */
    protected final Outgoing outgoing() {
        return context().outgoing();
    }

    /** @return the key/value database (Redis) */
    protected final Kvdb kvdb() {
        return context().kvdb();
    }

    /**
     * Invokes another service in this node and waits for its response.
     *
     * @param service the service's name
     * @param payload its request payload: a {@code Map}, a {@code JsonNode}, a JSON-serialisable
     *                object, or {@code null}
     * @return the other service's response payload as JSON ({@code NullNode} if it set none)
     * @throws ServiceException if the other service is unknown or fails
     */
    protected final JsonNode invoke(String service, Object payload) {
        return context().invoke(service, payload);
    }

    /**
     * Invokes another service later, durably ({@link AsyncOptions#durable()}: stored in Redis before
     * this returns, run by any live node, at least once, retried, dead-lettered after the last attempt).
     *
     * @param service the service's name
     * @param payload its request payload
     * @return the cid of the background invocation (its log lines carry it)
     * @throws ServiceException if the service is unknown, or the invocation cannot be stored
     */
    protected final String invokeAsync(String service, Object payload) {
        return context().invokeAsync(service, payload);
    }

    /**
     * Invokes another service later, as the options say: durable with a delay, attempts and backoff,
     * or in memory on this node ({@link AsyncOptions#inMemory()}).
     *
     * @param service the service's name
     * @param payload its request payload
     * @param options how to run it
     * @return the cid of the background invocation
     * @throws ServiceException if the service is unknown, or the invocation cannot be stored
     */
    protected final String invokeAsync(String service, Object payload, AsyncOptions options) {
        return context().invokeAsync(service, payload, options);
    }

    /**
     * @return which attempt this is of a durable asynchronous invocation (1, then 2... after a failure
     *         or a node that stopped while running it); 1 for any other call
     */
    protected final int attempt() {
        return context().attempt();
    }

    /**
     * @return the clock to read the time from ({@code clock().instant()}): the system's UTC clock on a
     *         node, one the test controls in the service test kit
     */
    protected final java.time.Clock clock() {
        return context().clock();
    }

    /**
     * Attaches the server's side of an invocation. Called by the server once, right after the
     * instance is created; services never call it.
     *
     * @param context the invocation's context
     * @throws IllegalStateException if a context is already attached
     */
    public final void attach(ServiceContext context) {
        if (this.context != null) {
            throw new IllegalStateException("a context is already attached to " + getClass().getName());
        }
        this.context = context;
    }

    private ServiceContext context() {
        if (context == null) {
            throw new IllegalStateException(getClass().getName()
                    + " is not being invoked by Conduit: request(), response() and the rest are available in handle() only");
        }
        return context;
    }
}
