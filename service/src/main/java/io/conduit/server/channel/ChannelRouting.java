package io.conduit.server.channel;

import io.conduit.server.cluster.Reloadable;
import io.conduit.server.security.JwtVerifier;
import io.conduit.server.security.SecurityStore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link ChannelRoutes} and rebuilds them from the ODB on every config change,
 * keeping the JWT verifiers (and the key sets they cached) of definitions that did not change.
 */
public final class ChannelRouting implements Reloadable {

    private final ChannelStore channels;
    private final SecurityStore security;
    private final AtomicReference<ChannelRoutes> routes = new AtomicReference<>(ChannelRoutes.EMPTY);

    public ChannelRouting(ChannelStore channels, SecurityStore security) {
        this.channels = channels;
        this.security = security;
    }

    /** @return the routes in force now */
    public ChannelRoutes current() {
        return routes.get();
    }

    @Override
    public void reload() {
        ChannelRoutes before = routes.get();
        routes.set(new ChannelRoutes(channels.list(), security.list(), d -> {
            JwtVerifier kept = before.jwt(d.name());
            return kept != null && kept.definition().equals(d) ? kept : new JwtVerifier(d);
        }));
    }
}
