package io.conduit.server.invoke;

import io.conduit.api.AsyncOptions;

/** Where {@code invokeAsync} stores a durable invocation (Redis Streams, in the {@code async} package). */
public interface DurableInvocations {

    /** For a node without one: every durable invocation is refused, saying why. */
    DurableInvocations NONE = (service, payload, options, cid, traceparent) -> {
        throw new io.conduit.api.ServiceException("durable invocations are not set up on this node");
    };

    /**
     * Stores an invocation; it runs later on any live node.
     *
     * @param service the service to run
     * @param payload its payload, as JSON text
     * @param options delay, attempts, backoff
     * @param cid     the invocation's own cid
     * @param traceparent the W3C trace context of the span that began its trace (whose trace id is the cid)
     * @throws io.conduit.api.KvdbUnavailableException if Redis cannot be reached: nothing was stored
     */
    void enqueue(String service, String payload, AsyncOptions options, String cid, String traceparent);
}
