package io.conduit.server.admin;

import io.conduit.common.Durations;
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
     * A definition as an operator sends it: {@code {"name", "type": "basic", "username", "password"}},
     * {@code {"name", "type": "apikey", "header", "key"}} or {@code {"name", "type": "jwt", "issuer",
     * "audience", "secret" | "jwksUrl", "clockSkew": "60s"}}. On update, an absent password, key or
     * secret keeps the current one.
     */
    public record SecurityInput(String name, String type, String username, String password, String key,
                                String header, String realm, String issuer, String audience, String secret,
                                String jwksUrl, String clockSkew, Boolean active) {

        @Override
        public String toString() {
            return "SecurityInput[name=" + name + ", type=" + type + ", username=" + username + ", header=" + header
                    + ", realm=" + realm + ", issuer=" + issuer + ", audience=" + audience + ", jwksUrl=" + jwksUrl
                    + ", clockSkew=" + clockSkew + ", active=" + active + ", password=***, key=***, secret=***]";
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
        String secret = switch (t) {
            case BASIC -> in.password();
            case APIKEY -> in.key();
            case JWT -> in.secret();
        };
        boolean keepsKeys = t != SecurityDefinition.Type.JWT || in.jwksUrl() == null || in.jwksUrl().isBlank();
        if ((secret == null || secret.isEmpty()) && current != null && current.type() == t && keepsKeys) {
            secret = current.secret();
        }
        SecurityDefinition.Jwt jwt = t != SecurityDefinition.Type.JWT ? null : new SecurityDefinition.Jwt(
                in.issuer(), in.audience(), in.jwksUrl(), in.clockSkew() == null ? null : Durations.parse("clockSkew",
                in.clockSkew()));
        return new SecurityDefinition(in.name() == null ? name : in.name(), t, in.username(), secret, in.header(),
                in.realm(), jwt, in.active() == null || in.active()).validated();
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
