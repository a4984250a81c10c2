package io.conduit.server.admin;

import io.conduit.server.channel.HttpChannel;
import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.odb.ChannelStore;
import io.conduit.server.odb.SecurityStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Plain HTTP channels: {@code /conduit/admin/channels/http}. Changes apply on every node, no restart. */
@Path("/admin/channels/http")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ChannelsResource {

    /** A channel as an operator sends it; {@code active} defaults to true. */
    public record ChannelInput(String name, String urlPath, String service, String method, String dataFormat,
                               String security, Boolean active) {

        HttpChannel toChannel(String defaultName) {
            return new HttpChannel(name == null ? defaultName : name, urlPath, service, method, dataFormat, security,
                    active == null || active).validated();
        }
    }

    private final ChannelStore channels;
    private final SecurityStore security;
    private final ConfigSync sync;

    public ChannelsResource(ChannelStore channels, SecurityStore security, ConfigSync sync) {
        this.channels = channels;
        this.security = security;
        this.sync = sync;
    }

    @GET
    public List<HttpChannel> list() {
        return channels.list();
    }

    @GET
    @Path("{name}")
    public HttpChannel get(@PathParam("name") String name) {
        return channels.get(name).orElseThrow(() -> notFound(name));
    }

    @POST
    public Response create(ChannelInput input) {
        HttpChannel channel = require(input).toChannel(null);
        requireSecurity(channel);
        channels.create(channel);
        sync.changed();
        return Response.status(201).entity(channel).build();
    }

    @PUT
    @Path("{name}")
    public HttpChannel update(@PathParam("name") String name, ChannelInput input) {
        HttpChannel channel = require(input).toChannel(name);
        requireSecurity(channel);
        if (!channels.update(name, channel)) {
            throw notFound(name);
        }
        sync.changed();
        return channel;
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!channels.delete(name)) {
            throw notFound(name);
        }
        sync.changed();
        return Response.noContent().build();
    }

    private void requireSecurity(HttpChannel channel) {
        if (channel.security() != null && security.get(channel.security()).isEmpty()) {
            throw new IllegalArgumentException("security definition '" + channel.security() + "' does not exist;"
                    + " create it first with POST /conduit/admin/security");
        }
    }

    private static ChannelInput require(ChannelInput input) {
        if (input == null) {
            throw new IllegalArgumentException("a JSON channel is required: {\"name\", \"urlPath\", \"service\", ...}");
        }
        return input;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no HTTP channel named '" + name + "'");
    }
}
