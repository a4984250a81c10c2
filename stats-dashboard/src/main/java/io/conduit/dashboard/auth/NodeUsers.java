package io.conduit.dashboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks who logs in to the dashboard: the cluster's admin here, any other user by asking the nodes
 * ({@code GET /conduit/admin/whoami} with the credentials given), which keep the users and their roles.
 */
public final class NodeUsers {

    /** The nodes could not say: the admin API does not answer. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    /** The nodes' answer to {@code GET /conduit/admin/whoami} asked with some credentials. */
    public record Answer(int status, byte[] body) {
    }

    private final Credentials admin;
    private final Function<String, Answer> nodes;
    private final ObjectMapper mapper;

    /** @param nodes asks the nodes' {@code /conduit/admin/whoami} with the {@code Authorization} given */
    public NodeUsers(Credentials admin, Function<String, Answer> nodes, ObjectMapper mapper) {
        this.admin = admin;
        this.nodes = nodes;
        this.mapper = mapper;
    }

    /**
     * @return what these credentials may do, or empty when they are nobody's
     * @throws UnavailableException when they are not the admin's and the nodes do not answer
     */
    public Optional<Access> check(Credentials given) {
        if (admin.matches(given.username(), given.password())) {
            return Optional.of(Access.admin(admin));
        }
        if (Credentials.equal(given.username(), admin.username())) {
            return Optional.empty();  // the admin's name is never a node user's: no need to ask
        }
        return ask(BasicAuth.header(given), given.username());
    }

    /**
     * @param token an identity provider's access token, for single sign-on
     * @return what it may do, or empty when the nodes refuse it
     * @throws UnavailableException when the nodes do not answer
     */
    public Optional<Access> checkBearer(String token) {
        return ask("Bearer " + token, null);
    }

    /** @return what the nodes say the caller of this {@code Authorization} may do; empty when they refuse it */
    private Optional<Access> ask(String authorization, String name) {
        Answer answer = nodes.apply(authorization);
        if (answer.status() == 401) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new UnavailableException("the user cannot be checked now: the admin API answered " + answer.status()
                    + "; the cluster's admin can still log in");
        }
        try {
            JsonNode me = mapper.readTree(answer.body());
            return Optional.of(new Access(me.path("name").asText(name), authorization, granted(me.path("may")),
                    granted(me.path("mayEverywhere"))));
        } catch (IOException e) {
            throw new UnavailableException("the admin API's answer about the user is not JSON: " + e.getMessage());
        }
    }

    private static Set<String> granted(JsonNode may) {
        Set<String> out = new HashSet<>();
        may.fields().forEachRemaining(e -> {
            if (e.getValue().asBoolean()) {
                out.add(e.getKey());
            }
        });
        return Set.copyOf(out);
    }
}
