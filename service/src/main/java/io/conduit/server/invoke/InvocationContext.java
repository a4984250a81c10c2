package io.conduit.server.invoke;

import java.time.Clock;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.AsyncOptions;
import io.conduit.api.Kvdb;
import io.conduit.api.Outgoing;
import io.conduit.api.Request;
import io.conduit.api.Response;
import io.conduit.api.spi.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's side of one invocation, attached to the service instance. */
final class InvocationContext implements ServiceContext {

    private final String service;
    private final String cid;
    private final Request request;
    private final Response response;
    private final Invoker invoker;
    private final Object input;
    private final int attempt;

    InvocationContext(String service, String cid, Request request, Response response, Invoker invoker, Object input,
                      int attempt) {
        this.input = input;
        this.attempt = attempt;
        this.service = service;
        this.cid = cid;
        this.request = request;
        this.response = response;
        this.invoker = invoker;
    }

    @Override
    public String serviceName() {
        return service;
    }

    @Override
    public String cid() {
        return cid;
    }

    @Override
    public Object input() {
        return input;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Response response() {
        return response;
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger(service);
    }

    @Override
    public Outgoing outgoing() {
        return invoker.outgoing();
    }

    @Override
    public Kvdb kvdb() {
        return invoker.kvdb();
    }

    @Override
    public JsonNode invoke(String other, Object payload) {
        return invoker.invokeFromService(other, payload, cid);
    }

    @Override
    public String invokeAsync(String other, Object payload) {
        return invoker.invokeAsync(other, payload, AsyncOptions.durable());
    }

    @Override
    public String invokeAsync(String other, Object payload, AsyncOptions options) {
        return invoker.invokeAsync(other, payload, options);
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Clock clock() {
        return invoker.clock();
    }
}
