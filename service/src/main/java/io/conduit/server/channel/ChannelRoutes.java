package io.conduit.server.channel;

import io.conduit.server.security.SecurityDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable routing table: URL path to channel, and the security definitions channels refer to.
 * Built from the ODB and swapped whole, so a request sees one consistent configuration.
 */
public final class ChannelRoutes {

    /** No channels at all. */
    public static final ChannelRoutes EMPTY = new ChannelRoutes(List.of(), List.of());

    private final Map<String, HttpChannel> byPath;
    private final Map<String, SecurityDefinition> security;

    public ChannelRoutes(List<HttpChannel> channels, List<SecurityDefinition> definitions) {
        Map<String, HttpChannel> paths = new HashMap<>();
        for (HttpChannel c : channels) {
            paths.put(c.urlPath(), c);
        }
        Map<String, SecurityDefinition> defs = new HashMap<>();
        for (SecurityDefinition d : definitions) {
            defs.put(d.name(), d);
        }
        this.byPath = Map.copyOf(paths);
        this.security = Map.copyOf(defs);
    }

    /**
     * @param path a request's path
     * @return the channel serving it (a trailing slash is ignored), or {@code null}
     */
    public HttpChannel channelFor(String path) {
        HttpChannel channel = byPath.get(path);
        if (channel == null && path.length() > 1 && path.endsWith("/")) {
            channel = byPath.get(path.substring(0, path.length() - 1));
        }
        return channel;
    }

    /**
     * @param name a definition's name
     * @return it, or {@code null}
     */
    public SecurityDefinition security(String name) {
        return security.get(name);
    }
}
