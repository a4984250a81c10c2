package io.conduit.server.config;

import java.time.Instant;
import java.util.List;

/**
 * A numbered release: one change of the cluster's configuration, made by an apply, an admin API
 * call, the dashboard or a rollback. Its number is the configuration version it made.
 *
 * @param number  the release's number
 * @param at      when it was made
 * @param by      who made it: the admin user
 * @param source  {@code apply}, {@code api}, {@code dashboard} or {@code rollback}
 * @param from    where the request came from (the client's address), or null
 * @param summary one line: what it changed
 * @param changes each object added, changed or removed
 */
public record Release(long number, Instant at, String by, String source, String from, String summary,
                      List<Change> changes) {

    public Release {
        changes = List.copyOf(changes);
    }

    /**
     * Who makes a release, and how.
     *
     * @param by     the admin user
     * @param source {@code apply}, {@code api}, {@code dashboard} or {@code rollback}
     * @param from   the client's address, or null
     */
    public record Author(String by, String source, String from) {
    }
}
