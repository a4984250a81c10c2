package io.conduit.dashboard.auth;

import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import io.conduit.common.error.ErrorBody;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards the dashboard's API. A browser is let in with its session cookie, and every change
 * (POST, PUT, PATCH, DELETE) must also carry the session's CSRF token in {@code X-CSRF-Token} and
 * come from the dashboard's own origin. A script is let in with HTTP Basic (the admin, or a user the
 * nodes know); no challenge is ever sent, so browsers never cache Basic credentials. Logging in and
 * out are open. Wrong passwords, by form or by Basic, count against the client's address
 * ({@link LoginThrottle}). A user without a role sees nothing but its own session; changes through the
 * nodes' admin API are held to the user's roles by the nodes, the load balancer's here.
 */
public final class DashboardAuthFilter implements Filter {

    public static final String COOKIE = "conduit_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The request attribute holding the logged-in user. */
    public static final String USER = "conduit.user";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OPEN = Set.of("/api/login", "/api/logout", "/api/sso", "/api/sso/login",
            "/api/sso/callback");
    /** What a user without any role may still call. */
    private static final Set<String> ROLELESS = Set.of("/api/session");

    private final SessionStore sessions;
    private final NodeUsers users;
    private final LoginThrottle throttle;

    public DashboardAuthFilter(SessionStore sessions, NodeUsers users, LoginThrottle throttle) {
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = req.getRequestURI();
        if (OPEN.contains(path)) {
            if (!SAFE.contains(req.getMethod()) && !sameOrigin(req)) {
                deny(resp, 403, "cross-origin request refused");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String authorization = req.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Duration wait = throttle.refusedFor(req.getRemoteAddr());
            if (!wait.isZero()) {
                resp.setHeader("Retry-After", String.valueOf(retryAfterSeconds(wait)));
                deny(resp, 429, tooManyFailuresMessage(wait));
                return;
            }
            Optional<Access> access;
            try {
                access = BasicAuth.parse(authorization).flatMap(users::check);
            } catch (NodeUsers.UnavailableException e) {
                deny(resp, 503, e.getMessage());
                return;
            }
            if (access.isPresent()) {
                throttle.succeeded(req.getRemoteAddr());
                let(access.get(), req, resp, chain);
                return;
            }
            throttle.failed(req.getRemoteAddr());
        }
        Optional<Session> session = sessions.find(cookie(req));
        if (session.isEmpty()) {
            deny(resp, 401, "log in first (or send a user's credentials with HTTP Basic)");
            return;
        }
        if (!SAFE.contains(req.getMethod())) {
            String token = req.getHeader(CSRF_HEADER);
            if (token == null || !Credentials.equal(token, session.get().csrf()) || !sameOrigin(req)) {
                deny(resp, 403, "the request lacks this session's CSRF token; reload the page");
                return;
            }
        }
        let(session.get().access(), req, resp, chain);
    }

    /** Lets a request of someone known through, if they hold any role (or it is their own session). */
    private static void let(Access access, HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!access.may().contains("read") && !ROLELESS.contains(req.getRequestURI())) {
            deny(resp, 403, "user '" + access.user() + "' holds no role; an admin can grant one at /conduit/admin/users");
            return;
        }
        req.setAttribute(USER, access.user());
        req.setAttribute(Access.ATTRIBUTE, access);
        chain.doFilter(req, resp);
    }

    static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** A browser's change must come from the dashboard's own pages: Origin (or Referer) names this host. */
    private static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            origin = req.getHeader("Referer");
        }
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = req.getHeader("Host");
            return host != null && host.equalsIgnoreCase(uri.getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The answer to an address that failed to log in too often: 429, with when to try again. */
    static jakarta.ws.rs.core.Response tooManyFailures(Duration wait) {
        return jakarta.ws.rs.core.Response.status(429).header("Retry-After", retryAfterSeconds(wait))
                .type("application/json").entity(Map.of("error", tooManyFailuresMessage(wait))).build();
    }

    private static String tooManyFailuresMessage(Duration wait) {
        return "too many failed logins from your address; try again in " + retryAfterSeconds(wait) + " s";
    }

    private static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static void deny(HttpServletResponse resp, int status, String error) throws IOException {
        ErrorBody.write(resp, status, error);
    }
}
