package io.conduit.common.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Lets through only requests with one user's HTTP Basic credentials. Guards every admin surface:
 * the nodes' admin API, the LB agent, the dashboard's API, and Dropwizard's admin ports (metrics,
 * health checks, thread dumps, tasks).
 */
public final class BasicAuthFilter implements Filter {

    /** The request attribute holding the authenticated user's name. */
    public static final String USER = "conduit.user";

    private final Credentials credentials;
    private final String realm;
    private final String hint;

    /**
     * @param credentials the only user let through
     * @param realm       the realm browsers show
     * @param hint        where the credentials are, said in the 401 body
     */
    public BasicAuthFilter(Credentials credentials, String realm, String hint) {
        this.credentials = credentials;
        this.realm = realm;
        this.hint = hint.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String user = authenticate(req.getHeader("Authorization"));
        if (user == null) {
            HttpServletResponse resp = (HttpServletResponse) response;
            resp.setStatus(401);
            resp.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            resp.setContentType("application/json");
            resp.getOutputStream().write(("{\"error\":\"credentials required: HTTP Basic as " + hint + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        req.setAttribute(USER, user);
        chain.doFilter(request, response);
    }

    private String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return credentials.matches(user, decoded.substring(colon + 1)) ? user : null;
    }
}
