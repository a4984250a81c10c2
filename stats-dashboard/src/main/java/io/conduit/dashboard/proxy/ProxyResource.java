package io.conduit.dashboard.proxy;

import io.conduit.common.error.InvalidInputException;
import io.conduit.dashboard.auth.Access;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The pages' way to the nodes' admin API ({@code /api/admin/...} to {@code /conduit/admin/...}
 * through HAProxy, as the logged-in user, whose roles the nodes hold it to) and to the LB agent
 * ({@code /api/lb/...}, as admin1: reading for every role, draining and enabling servers for operators
 * of everything, changing HAProxy's configuration for admins).
 */
@Path("{backend: admin|lb}/{path: .*}")
@Consumes(MediaType.WILDCARD)
public final class ProxyResource {

    private final Map<String, AdminProxy> backends;

    public ProxyResource(AdminProxy admin, AdminProxy loadBalancer) {
        this.backends = Map.of("admin", admin, "lb", loadBalancer);
    }

    @GET
    public Response get(@PathParam("backend") String backend, @Encoded @PathParam("path") String path,
                        @Context HttpServletRequest request) {
        return forward(backend, "GET", path, null, request);
    }

    @POST
    public Response post(@PathParam("backend") String backend, @Encoded @PathParam("path") String path, byte[] body,
                         @Context HttpServletRequest request) {
        return forward(backend, "POST", path, body, request);
    }

    @PUT
    public Response put(@PathParam("backend") String backend, @Encoded @PathParam("path") String path, byte[] body,
                        @Context HttpServletRequest request) {
        return forward(backend, "PUT", path, body, request);
    }

    @DELETE
    public Response delete(@PathParam("backend") String backend, @Encoded @PathParam("path") String path,
                           @Context HttpServletRequest request) {
        return forward(backend, "DELETE", path, null, request);
    }

    /** @return what a call to the LB agent needs: reading, operating servers, or changing the configuration */
    static String loadBalancerNeeds(String method, String path) {
        if (method.equals("GET")) {
            return "read";
        }
        return path.matches("servers/[^/]+/(enable|drain|disable|state)") ? "operate" : "admin";
    }

    private Response forward(String backend, String method, String path, byte[] body, HttpServletRequest request) {
        if (path.contains("..")) {
            throw new InvalidInputException("bad path: '..' is not allowed");
        }
        String query = request.getQueryString();
        String target = "/" + path + (query == null ? "" : "?" + query);
        Access access = (Access) request.getAttribute(Access.ATTRIBUTE);
        AdminProxy.Answer answer;
        if (backend.equals("admin")) {
            answer = backends.get(backend).forward(method, target, body, request.getContentType(), Map.of(
                    "Authorization", access.authorization(), "X-Conduit-Source", "dashboard"));
        } else {
            String needs = loadBalancerNeeds(method, path);
            if (!access.everywhere().contains(needs)) {
                throw new ForbiddenException("user '" + access.user() + "' may not do this: it needs "
                        + (needs.equals("operate") ? "the operator role with scope *" : "the admin role"));
            }
            answer = backends.get(backend).forward(method, target, body, request.getContentType());
        }
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
