package io.conduit.server.cluster;

import io.conduit.server.config.Configuration;

/**
 * A part of the node whose configuration lives in the ODB. When the cluster's config version
 * changes, {@link ConfigSync} reads the whole configuration once and hands it to each part, which
 * swaps its share in.
 */
@FunctionalInterface
public interface Reloadable {

    /**
     * Applies this part's share of a new configuration atomically.
     *
     * @param configuration the whole configuration, as one release made it
     * @throws RuntimeException if the ODB cannot be read (a part that reads more of it); the old
     *     configuration stays in place
     */
    void reload(Configuration configuration);
}
