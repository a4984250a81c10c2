package io.conduit.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A user name and password: the cluster's admin user (admin API, CLI, dashboard) or admin1 (the
 * LB agent, HAProxy's admin page).
 *
 * @param username the user name
 * @param password the password; never logged, never returned
 */
public record Credentials(String username, String password) {

    /**
     * @param user     a user name presented by a caller
     * @param password the password presented
     * @return whether both match, compared in constant time
     */
    public boolean matches(String user, String password) {
        return equal(user, this.username) & equal(password, this.password);
    }

    /**
     * @param presented what a caller sent
     * @param expected  what is configured
     * @return whether they are equal, compared in time independent of where they differ
     */
    public static boolean equal(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
