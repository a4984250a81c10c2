package io.conduit.dashboard.auth;

import io.conduit.common.auth.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging in and out, and what the pages need to know about the session. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {

    private static final Logger LOG = LoggerFactory.getLogger(SessionResource.class);

    /** A login form. */
    public record Login(String username, String password) {

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=***]";
        }
    }

    private final SessionStore sessions;
    private final NodeUsers users;
    private final LoginThrottle throttle;
    private final Map<String, Object> settings;

    /** @param settings what the pages read once: alert thresholds, the HAProxy admin page's address */
    public SessionResource(SessionStore sessions, NodeUsers users, LoginThrottle throttle,
            Map<String, Object> settings) {
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
        this.settings = Map.copyOf(settings);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Login login, @Context HttpServletRequest request) {
        String address = request.getRemoteAddr();
        Duration wait = throttle.refusedFor(address);
        if (!wait.isZero()) {
            return DashboardAuthFilter.tooManyFailures(wait);
        }
        if (login == null || login.username() == null || login.password() == null) {
            return Response.status(400).entity(Map.of("error", "send {\"username\", \"password\"}")).build();
        }
        Optional<Access> access;
        try {
            access = users.check(new Credentials(login.username(), login.password()));
        } catch (NodeUsers.UnavailableException e) {
            return Response.status(503).entity(Map.of("error", e.getMessage())).build();
        }
        if (access.isEmpty()) {
            throttle.failed(address);
            LOG.warn("Dashboard - refused a login as '{}' from {}", login.username(), address);
            return Response.status(401).entity(Map.of("error", "wrong user name or password")).build();
        }
        throttle.succeeded(address);
        Session session = sessions.open(access.get());
        LOG.info("Dashboard - {} logged in", session.user());
        return Response.ok(Map.of("user", session.user(), "csrf", session.csrf(), "may", session.access().may()))
                .cookie(cookie(session.id(), (int) sessions.timeout().toSeconds())).build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpServletRequest request) {
        sessions.close(DashboardAuthFilter.cookie(request));
        return Response.ok(Map.of("loggedOut", true)).cookie(cookie("", 0)).build();
    }

    @GET
    @Path("session")
    public Map<String, Object> session(@Context HttpServletRequest request) {
        Access access = (Access) request.getAttribute(Access.ATTRIBUTE);
        String csrf = sessions.find(DashboardAuthFilter.cookie(request)).map(Session::csrf).orElse(null);
        return Map.of("user", access.user(), "csrf", csrf == null ? "" : csrf, "settings", settings,
                "may", access.may(), "mayEverywhere", access.everywhere());
    }

    static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(DashboardAuthFilter.COOKIE).value(value).path("/").maxAge(maxAge)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
