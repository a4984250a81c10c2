package io.conduit.server.admin;

import io.conduit.server.security.CredentialCheck;
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
 * Lets through only requests with the admin user's HTTP Basic credentials. Guards the admin API
 * and Dropwizard's admin port (metrics, health checks, thread dumps, tasks).
 */
public final class BasicAuthFilter implements Filter {

    /** The request attribute holding the authenticated user's name. */
    public static final String USER = "conduit.user";

    private final AdminCredentials credentials;
    private final String realm;

    public BasicAuthFilter(AdminCredentials credentials, String realm) {
        this.credentials = credentials;
        this.realm = realm;
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
            resp.getOutputStream().write(("{\"error\":\"admin credentials required: HTTP Basic with the cluster's"
                    + " admin user (see admin.credentials)\"}\n").getBytes(StandardCharsets.UTF_8));
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
        boolean ok = CredentialCheck.equal(user, credentials.username())
                & CredentialCheck.equal(decoded.substring(colon + 1), credentials.password());
        return ok ? user : null;
    }
}
