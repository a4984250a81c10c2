package io.conduit.api;

import java.util.Map;

/**
 * Who called, as the channel's security definition established it.
 *
 * @param name   the caller: a Basic Auth user name, an API key definition's name, or a JWT's {@code sub}
 * @param scheme {@code basic}, {@code apikey} or {@code jwt}
 * @param claims a JWT's claims (times as seconds since the epoch); empty for the other schemes
 */
public record Principal(String name, String scheme, Map<String, Object> claims) {

    public Principal {
        claims = Map.copyOf(claims);
    }

    /**
     * @param claim a claim's name, e.g. {@code scope}
     * @return its value, or {@code null}
     */
    public Object claim(String claim) {
        return claims.get(claim);
    }
}
