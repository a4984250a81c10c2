package io.conduit.server.cluster;

/**
 * A part of the node whose configuration lives in the ODB. When the cluster's config version
 * changes, {@link ConfigSync} asks each part to read its configuration again and swap it in.
 */
@FunctionalInterface
public interface Reloadable {

    /**
     * Reads this part's configuration from the ODB and applies it atomically.
     *
     * @throws RuntimeException if the ODB cannot be read; the old configuration stays in place
     */
    void reload();
}
