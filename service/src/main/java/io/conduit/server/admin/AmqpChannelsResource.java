package io.conduit.server.admin;

import io.conduit.server.amqp.AmqpChannelConfig;
import io.conduit.server.amqp.AmqpChannelStore;
import io.conduit.server.amqp.AmqpChannels;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * AMQP channels: {@code /conduit/admin/channels/amqp}, and each node's consumers of one. The
 * password is write-only: no response contains it, and an update without one keeps the current one.
 */
@Path("/admin/channels/amqp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AmqpChannelsResource extends ConfigResource<AmqpChannelConfig, AmqpChannelsResource.Input> {

    /** A channel as an operator sends it; unset numbers take their defaults. */
    public record Input(String name, String address, String user, String password, String queue, String service,
                        Integer prefetch, Integer consumers, Integer maxAttempts, Boolean active) {

        @Override
        public String toString() {
            return "Input[name=" + name + ", address=" + address + ", user=" + user + ", password=***, queue=" + queue
                    + ", service=" + service + ", prefetch=" + prefetch + ", consumers=" + consumers + ", maxAttempts="
                    + maxAttempts + ", active=" + active + "]";
        }
    }

    private final AmqpChannelStore store;
    private final AmqpChannels channels;

    public AmqpChannelsResource(AmqpChannelStore store, AmqpChannels channels) {
        super(store, "{\"name\", \"address\": \"amqp://host:5672/\", \"user\", \"password\", \"queue\", \"service\"}");
        this.store = store;
        this.channels = channels;
    }

    @Override
    protected AmqpChannelConfig entry(Input in, String name, AmqpChannelConfig current) {
        String password = in.password() == null && current != null ? current.password() : in.password();
        return new AmqpChannelConfig(in.name() == null ? name : in.name(), in.address(), in.user(), password, in.queue(),
                in.service(), in.prefetch() == null ? 0 : in.prefetch(), in.consumers() == null ? 0 : in.consumers(),
                in.maxAttempts() == null ? 0 : in.maxAttempts(), in.active() == null || in.active()).validated();
    }

    @Override
    protected Object view(AmqpChannelConfig entry) {
        return entry.view();
    }

    /** Every live node's consumers of the channel: state, messages handled, failed, dead-lettered, the latest ones. */
    @GET
    @Path("{name}/consumers")
    public List<AmqpChannels.Row> consumers(@PathParam("name") String name) {
        store.get(name);
        return channels.consumers(name);
    }
}
