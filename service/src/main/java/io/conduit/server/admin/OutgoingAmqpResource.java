package io.conduit.server.admin;

import io.conduit.api.OutgoingException;
import io.conduit.server.outgoing.OutgoingAmqpConfig;
import io.conduit.server.outgoing.OutgoingAmqpStore;
import io.conduit.server.outgoing.OutgoingConnections;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Outgoing AMQP connections: {@code /conduit/admin/outgoing/amqp}, with ping. The password is
 * write-only: no response contains it, and an update without one keeps the current one.
 */
@Path("/admin/outgoing/amqp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OutgoingAmqpResource extends ConfigResource<OutgoingAmqpConfig, OutgoingAmqpResource.Input> {

    /** A connection as an operator sends it; unset fields take their defaults. */
    public record Input(String name, String address, String user, String password, String exchange, String routingKey,
                        Integer deliveryMode, Boolean confirm, Integer timeoutMs, Boolean active) {

        @Override
        public String toString() {
            return "Input[name=" + name + ", address=" + address + ", user=" + user + ", password=***, exchange="
                    + exchange + ", routingKey=" + routingKey + ", deliveryMode=" + deliveryMode + ", confirm=" + confirm
                    + ", timeoutMs=" + timeoutMs + ", active=" + active + "]";
        }
    }

    /** The outcome of a ping: this node connected to the broker. */
    public record PingResult(String name, String address, boolean ok, double timeMs, String error) {
    }

    private final OutgoingAmqpStore store;
    private final OutgoingConnections connections;

    public OutgoingAmqpResource(OutgoingAmqpStore store, OutgoingConnections connections) {
        super(store, "{\"name\", \"address\": \"amqp://host:5672/\", \"user\", \"password\", \"exchange\", \"routingKey\"}");
        this.store = store;
        this.connections = connections;
    }

    @Override
    protected OutgoingAmqpConfig entry(Input in, String name, OutgoingAmqpConfig current) {
        String password = in.password() == null && current != null ? current.password() : in.password();
        return new OutgoingAmqpConfig(in.name() == null ? name : in.name(), in.address(), in.user(), password,
                in.exchange(), in.routingKey(), in.deliveryMode() == null ? 0 : in.deliveryMode(),
                in.confirm() == null || in.confirm(), in.timeoutMs() == null ? 0 : in.timeoutMs(),
                in.active() == null || in.active()).validated();
    }

    @Override
    protected Object view(OutgoingAmqpConfig entry) {
        return entry.view();
    }

    @POST
    @Path("{name}/ping")
    public PingResult ping(@PathParam("name") String name) {
        OutgoingAmqpConfig config = store.get(name);
        long start = System.nanoTime();
        try {
            return new PingResult(name, config.address(), true, connections.pingAmqp(name), null);
        } catch (OutgoingException e) {
            return new PingResult(name, config.address(), false, (System.nanoTime() - start) / 1e6, e.getMessage());
        }
    }
}
