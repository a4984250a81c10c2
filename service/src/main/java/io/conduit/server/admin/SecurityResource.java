package io.conduit.server.admin;

import io.conduit.server.channel.ChannelStore;
import io.conduit.server.odb.OdbConflictException;
import io.conduit.server.outgoing.OutgoingHttpStore;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.security.SecurityStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Security definitions: {@code /conduit/admin/security}. Passwords and keys are write-only: no
 * response ever contains them.
 */
@Path("/admin/security")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SecurityResource extends ConfigResource<SecurityDefinition, SecurityResource.SecurityInput> {

    /**
     * A definition as an operator sends it: {@code {"name", "type": "basic", "username", "password"}}
     * or {@code {"name", "type": "apikey", "header", "key"}}. On update, an absent password or key
     * keeps the current one.
     */
    public record SecurityInput(String name, String type, String username, String password, String key,
                                String header, String realm, Boolean active) {

        @Override
        public String toString() {
            return "SecurityInput[name=" + name + ", type=" + type + ", username=" + username + ", header=" + header
                    + ", realm=" + realm + ", active=" + active + ", password=***, key=***]";
        }
    }

    private final ChannelStore channels;
    private final OutgoingHttpStore outgoing;

    public SecurityResource(SecurityStore security, ChannelStore channels, OutgoingHttpStore outgoing) {
        super(security, "{\"name\", \"type\": \"basic\", \"username\", \"password\"}");
        this.channels = channels;
        this.outgoing = outgoing;
    }

    @Override
    protected SecurityDefinition entry(SecurityInput in, String name, SecurityDefinition current) {
        SecurityDefinition.Type t = SecurityDefinition.Type.parse(in.type() == null && current != null
                ? current.type().json() : in.type());
        String secret = t == SecurityDefinition.Type.BASIC ? in.password() : in.key();
        if ((secret == null || secret.isEmpty()) && current != null && current.type() == t) {
            secret = current.secret();
        }
        return new SecurityDefinition(in.name() == null ? name : in.name(), t, in.username(), secret, in.header(),
                in.realm(), in.active() == null || in.active()).validated();
    }

    @Override
    protected Object view(SecurityDefinition definition) {
        return definition.view();
    }

    @Override
    protected void checkDelete(String name) {
        List<String> users = new ArrayList<>(channels.usingSecurity(name));
        outgoing.usingSecurity(name).forEach(c -> users.add("outgoing " + c));
        if (!users.isEmpty()) {
            throw new OdbConflictException("security definition '" + name + "' is used by " + users
                    + "; change them first");
        }
    }
}
