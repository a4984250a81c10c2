package io.conduit.dashboard.proxy;

import io.conduit.common.error.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
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
 * through HAProxy, as the admin user) and to the LB agent ({@code /api/lb/...}, as admin1).
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

    private Response forward(String backend, String method, String path, byte[] body, HttpServletRequest request) {
        if (path.contains("..")) {
            throw new InvalidInputException("bad path: '..' is not allowed");
        }
        String query = request.getQueryString();
        AdminProxy.Answer answer = backends.get(backend).forward(method, "/" + path + (query == null ? "" : "?" + query),
                body, request.getContentType());
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
