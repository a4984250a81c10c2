package io.conduit.dashboard.auth;

import java.time.Instant;

/**
 * A logged-in browser.
 *
 * @param id      the cookie's value
 * @param access  who logged in, and what they may do
 * @param csrf    the token every change must carry in {@code X-CSRF-Token}
 * @param expires when the session ends
 */
public record Session(String id, Access access, String csrf, Instant expires) {

    /** @return who logged in */
    public String user() {
        return access.user();
    }
}
