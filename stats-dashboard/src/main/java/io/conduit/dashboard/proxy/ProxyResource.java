package io.conduit.dashboard.proxy;

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

/**
 * The pages' way to the nodes' admin API ({@code /api/admin/...} to {@code /conduit/admin/...}
 * through HAProxy, as the admin user) and to the LB agent ({@code /api/lb/...}, as admin1).
 */
@Path("/")
@Consumes(MediaType.WILDCARD)
public final class ProxyResource {

    private final AdminProxy admin;
    private final AdminProxy loadBalancer;

    public ProxyResource(AdminProxy admin, AdminProxy loadBalancer) {
        this.admin = admin;
        this.loadBalancer = loadBalancer;
    }

    @GET
    @Path("admin/{path: .*}")
    public Response adminGet(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return forward(admin, "GET", path, null, request);
    }

    @POST
    @Path("admin/{path: .*}")
    public Response adminPost(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return forward(admin, "POST", path, body, request);
    }

    @PUT
    @Path("admin/{path: .*}")
    public Response adminPut(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return forward(admin, "PUT", path, body, request);
    }

    @DELETE
    @Path("admin/{path: .*}")
    public Response adminDelete(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return forward(admin, "DELETE", path, null, request);
    }

    @GET
    @Path("lb/{path: .*}")
    public Response lbGet(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return forward(loadBalancer, "GET", path, null, request);
    }

    @POST
    @Path("lb/{path: .*}")
    public Response lbPost(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return forward(loadBalancer, "POST", path, body, request);
    }

    @PUT
    @Path("lb/{path: .*}")
    public Response lbPut(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return forward(loadBalancer, "PUT", path, body, request);
    }

    @DELETE
    @Path("lb/{path: .*}")
    public Response lbDelete(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return forward(loadBalancer, "DELETE", path, null, request);
    }

    private static Response forward(AdminProxy proxy, String method, String path, byte[] body,
                                     HttpServletRequest request) {
        if (path.contains("..")) {
            return Response.status(400).entity("{\"error\":\"bad path\"}").type(MediaType.APPLICATION_JSON).build();
        }
        String query = request.getQueryString();
        AdminProxy.Answer answer = proxy.forward(method, "/" + path + (query == null ? "" : "?" + query), body,
                request.getContentType());
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
