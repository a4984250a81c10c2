package io.conduit.server.channel;

import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.security.JwtVerifier;
import io.conduit.server.security.SecurityDefinition;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link ChannelRoutes} and rebuilds them on every config change, keeping the JWT
 * verifiers (and the key sets they cached) of definitions that did not change.
 */
public final class ChannelRouting implements Reloadable {

    private final AtomicReference<ChannelRoutes> routes = new AtomicReference<>(ChannelRoutes.EMPTY);

    /** @return the routes in force now */
    public ChannelRoutes current() {
        return routes.get();
    }

    @Override
    public void reload(Configuration configuration) {
        ChannelRoutes before = routes.get();
        routes.set(new ChannelRoutes(configuration.list(HttpChannel.KIND), configuration.list(SecurityDefinition.KIND),
                d -> {
                    JwtVerifier kept = before.jwt(d.name());
                    return kept != null && kept.definition().equals(d) ? kept : new JwtVerifier((SecurityDefinition.Jwt) d);
                }));
    }
}
