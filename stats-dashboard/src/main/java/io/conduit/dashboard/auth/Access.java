package io.conduit.dashboard.auth;

import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import java.util.Set;

/**
 * Who uses the dashboard and what the nodes let them do.
 *
 * @param user        the user name
 * @param authorization the {@code Authorization} the dashboard calls the nodes' admin API with on their
 *                    behalf: their Basic credentials or their identity provider's bearer token (never sent
 *                    to the browser, never in {@code toString})
 * @param may         what they may do somewhere: {@code read, operate, configure, admin}
 * @param everywhere  what they may do on everything (not only within a scope): draining a node needs
 *                    {@code operate} here
 */
public record Access(String user, String authorization, Set<String> may, Set<String> everywhere) {

    /** The request attribute holding a request's access. */
    public static final String ATTRIBUTE = "conduit.access";

    /** Everything: the cluster's admin. */
    public static Access admin(Credentials admin) {
        Set<String> all = Set.of("read", "operate", "configure", "admin");
        return new Access(admin.username(), BasicAuth.header(admin), all, all);
    }

    @Override
    public String toString() {
        return "Access[user=" + user + ", may=" + may + "]";
    }
}
