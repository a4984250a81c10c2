package io.conduit.server.admin;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.server.users.AccessDeniedException;
import io.conduit.server.users.Caller;
import io.conduit.server.users.Permission;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Holds every admin request to its endpoint's {@link AccessRules rule}, for the caller the
 * authentication filter let in: the cluster's admin may do everything; the metrics user only what a
 * rule lets it read; a user what its roles allow, within their scopes. Rules scoped by a name in the
 * body leave the check of that name to the resource ({@link #require}).
 */
@Priority(Priorities.AUTHORIZATION)
public final class AccessFilter implements ContainerRequestFilter {

    private final AccessRules rules;

    public AccessFilter(AccessRules rules) {
        this.rules = rules;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Object principal = request.getProperty(BasicAuthFilter.PRINCIPAL);
        if (principal == null) {
            return;  // a path the authentication filter does not guard: /conduit/ping, a public OpenAPI document
        }
        String user = String.valueOf(request.getProperty(BasicAuthFilter.USER));
        String endpoint = endpoint(request);
        AccessRules.Rule rule = rules.of(endpoint).orElse(null);
        if (principal == BasicAuthFilter.READER) {
            if (rule == null || !rule.reader()) {
                throw refused(request, user, Permission.ADMIN, null);
            }
            return;
        }
        Caller caller = principal == BasicAuthFilter.MAIN ? Caller.admin(user) : (Caller) principal;
        request.setProperty(Caller.PROPERTY, caller);
        if (rule == null) {
            if (!caller.may(Permission.ADMIN, null)) {
                throw refused(request, user, Permission.ADMIN, null);
            }
            return;
        }
        if (rule.permission() == null) {
            return;
        }
        String thing = rule.from() == AccessRules.NameFrom.PATH
                ? request.getUriInfo().getPathParameters().getFirst(rule.param()) : null;
        boolean allowed = rule.from() == AccessRules.NameFrom.RESOURCE ? caller.mayAny(rule.permission())
                : caller.may(rule.permission(), thing);
        if (!allowed) {
            throw refused(request, user, rule.permission(), thing);
        }
    }

    /**
     * Reads what the client sent before it is refused: a body left unread makes the server close the
     * connection after the answer, and a client that sends its next request on it sees that fail.
     *
     * @return the refusal to throw
     */
    private static AccessDeniedException refused(ContainerRequestContext request, String user, Permission needed,
                                                 String thing) {
        if (request.hasEntity()) {
            try {
                request.getEntityStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                // the client went away; the answer will not reach it either
            }
        }
        return new AccessDeniedException(user, needed, thing);
    }

    /** @return the matched endpoint, as {@code METHOD /template}: {@code PUT /admin/security/{name}} (HEAD as GET) */
    static String endpoint(ContainerRequestContext request) {
        List<UriTemplate> templates = ((ExtendedUriInfo) request.getUriInfo()).getMatchedTemplates();
        StringBuilder path = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            path.append('/').append(templates.get(i).getTemplate());
        }
        String normal = path.toString().replaceAll("/+", "/");
        if (normal.length() > 1 && normal.endsWith("/")) {
            normal = normal.substring(0, normal.length() - 1);
        }
        // Jersey answers HEAD with the GET method: its rule is GET's
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        return method + " " + (normal.isEmpty() ? "/" : normal);
    }

    /**
     * For a rule scoped by names only the resource knows: refuses unless the caller may on {@code thing}.
     *
     * @throws AccessDeniedException if it may not
     */
    public static void require(ContainerRequestContext request, Permission permission, String thing) {
        require(request.getProperty(Caller.PROPERTY), permission, thing);
    }

    /** @see #require(ContainerRequestContext, Permission, String) */
    public static void require(HttpServletRequest request, Permission permission, String thing) {
        require(request.getAttribute(Caller.PROPERTY), permission, thing);
    }

    private static void require(Object caller, Permission permission, String thing) {
        if (caller instanceof Caller c && !c.may(permission, thing)) {
            throw new AccessDeniedException(c.name(), permission, thing);
        }
    }

    /** @return the caller of a request (null outside the guarded paths) */
    public static Caller caller(HttpServletRequest request) {
        return request.getAttribute(Caller.PROPERTY) instanceof Caller c ? c : null;
    }
}
