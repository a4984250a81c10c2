package io.conduit.common.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic authentication's {@code Authorization} header, written and read in one place. */
public final class BasicAuth {

    private static final String SCHEME = "Basic ";

    private BasicAuth() {
    }

    /** @return the header's value for a user name and password: {@code Basic <base64 of user:password>} */
    public static String header(String username, String password) {
        return SCHEME + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the header's value for these credentials */
    public static String header(Credentials credentials) {
        return header(credentials.username(), credentials.password());
    }

    /** @return whether a header's value uses the Basic scheme (whatever follows) */
    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * @param authorization an {@code Authorization} header's value, or null
     * @return the user name and password it carries; empty if it is absent, not Basic, or malformed
     */
    public static Optional<Credentials> parse(String authorization) {
        if (!isBasic(authorization)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
