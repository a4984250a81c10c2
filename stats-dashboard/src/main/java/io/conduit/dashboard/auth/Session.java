package io.conduit.dashboard.auth;

import java.time.Instant;

/**
 * A logged-in browser.
 *
 * @param id      the cookie's value
 * @param user    who logged in
 * @param csrf    the token every change must carry in {@code X-CSRF-Token}
 * @param expires when the session ends
 */
public record Session(String id, String user, String csrf, Instant expires) {
}
