package io.conduit.server.admin;

/**
 * The cluster's admin user, who may use the admin API, the CLI and the dashboard.
 *
 * @param username the user name
 * @param password the password; never logged, never returned
 */
public record AdminCredentials(String username, String password) {

    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password=***]";
    }
}
