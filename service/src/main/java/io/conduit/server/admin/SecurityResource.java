package io.conduit.server.admin;

import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.odb.ChannelStore;
import io.conduit.server.odb.OdbConflictException;
import io.conduit.server.odb.OutgoingStore;
import io.conduit.server.odb.SecurityStore;
import io.conduit.server.security.SecurityDefinition;
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

/**
 * Security definitions: {@code /conduit/admin/security}. Passwords and keys are write-only: no
 * response ever contains them.
 */
@Path("/admin/security")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SecurityResource {

    /**
     * A definition as an operator sends it: {@code {"name", "type": "basic", "username", "password"}}
     * or {@code {"name", "type": "apikey", "header", "key"}}. On update, an absent password or key
     * keeps the current one.
     */
    public record SecurityInput(String name, String type, String username, String password, String key,
                                String header, String realm, Boolean active) {

        SecurityDefinition toDefinition(String defaultName, SecurityDefinition current) {
            SecurityDefinition.Type t = SecurityDefinition.Type.parse(type == null && current != null
                    ? current.type().json() : type);
            String secret = t == SecurityDefinition.Type.BASIC ? password : key;
            if ((secret == null || secret.isEmpty()) && current != null && current.type() == t) {
                secret = current.secret();
            }
            return new SecurityDefinition(name == null ? defaultName : name, t, username, secret, header, realm,
                    active == null || active).validated();
        }
    }

    private final SecurityStore security;
    private final ChannelStore channels;
    private final OutgoingStore outgoing;
    private final ConfigSync sync;

    public SecurityResource(SecurityStore security, ChannelStore channels, OutgoingStore outgoing, ConfigSync sync) {
        this.security = security;
        this.channels = channels;
        this.outgoing = outgoing;
        this.sync = sync;
    }

    @GET
    public List<SecurityDefinition.View> list() {
        return security.list().stream().map(SecurityDefinition::view).toList();
    }

    @GET
    @Path("{name}")
    public SecurityDefinition.View get(@PathParam("name") String name) {
        return security.get(name).orElseThrow(() -> notFound(name)).view();
    }

    @POST
    public Response create(SecurityInput input) {
        SecurityDefinition definition = require(input).toDefinition(null, null);
        security.create(definition);
        sync.changed();
        return Response.status(201).entity(definition.view()).build();
    }

    @PUT
    @Path("{name}")
    public SecurityDefinition.View update(@PathParam("name") String name, SecurityInput input) {
        SecurityDefinition current = security.get(name).orElseThrow(() -> notFound(name));
        SecurityDefinition definition = require(input).toDefinition(name, current);
        if (!security.update(name, definition)) {
            throw notFound(name);
        }
        sync.changed();
        return definition.view();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        List<String> users = new java.util.ArrayList<>(channels.usingSecurity(name));
        outgoing.httpUsingSecurity(name).forEach(c -> users.add("outgoing " + c));
        if (!users.isEmpty()) {
            throw new OdbConflictException("security definition '" + name + "' is used by " + users
                    + "; change them first");
        }
        if (!security.delete(name)) {
            throw notFound(name);
        }
        sync.changed();
        return Response.noContent().build();
    }

    private static SecurityInput require(SecurityInput input) {
        if (input == null) {
            throw new IllegalArgumentException("a JSON security definition is required");
        }
        return input;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no security definition named '" + name + "'");
    }
}
