package io.conduit.server.admin;

import io.conduit.server.channel.ChannelStore;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.channel.RateLimit;
import io.conduit.server.security.SecurityStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Plain HTTP channels: {@code /conduit/admin/channels/http}. Changes apply on every node, no restart. */
@Path("/admin/channels/http")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ChannelsResource extends ConfigResource<HttpChannel, ChannelsResource.ChannelInput> {

    /** A channel as an operator sends it; {@code active} defaults to true. */
    public record ChannelInput(String name, String urlPath, String service, String method, String dataFormat,
                               String security, RateLimit rateLimit, Boolean active) {
    }

    private final SecurityStore security;

    public ChannelsResource(ChannelStore channels, SecurityStore security) {
        super(channels, "{\"name\", \"urlPath\", \"service\", ...}");
        this.security = security;
    }

    @Override
    protected HttpChannel entry(ChannelInput in, String name, HttpChannel current) {
        return new HttpChannel(in.name() == null ? name : in.name(), in.urlPath(), in.service(), in.method(),
                in.dataFormat(), in.security(), in.rateLimit(), in.active() == null || in.active()).validated();
    }

    @Override
    protected void check(HttpChannel channel) {
        security.requireExisting(channel.security());
    }
}
