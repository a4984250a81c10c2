package io.conduit.dashboard.auth;

import io.conduit.common.auth.Credentials;
import java.util.Set;

/**
 * Who uses the dashboard and what the nodes let them do.
 *
 * @param user        the user name
 * @param credentials what the dashboard calls the nodes' admin API with on their behalf (never sent
 *                    to the browser; {@code toString} masks the password)
 * @param may         what they may do somewhere: {@code read, operate, configure, admin}
 * @param everywhere  what they may do on everything (not only within a scope): draining a node needs
 *                    {@code operate} here
 */
public record Access(String user, Credentials credentials, Set<String> may, Set<String> everywhere) {

    /** The request attribute holding a request's access. */
    public static final String ATTRIBUTE = "conduit.access";

    /** Everything: the cluster's admin. */
    public static Access admin(Credentials admin) {
        Set<String> all = Set.of("read", "operate", "configure", "admin");
        return new Access(admin.username(), admin, all, all);
    }
}
