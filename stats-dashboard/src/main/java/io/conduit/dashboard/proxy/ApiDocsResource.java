package io.conduit.dashboard.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.common.error.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The API page's back end: the cluster's OpenAPI document ({@code /api/openapi.json}, fetched with
 * the admin's credentials, its server set to {@code /api/try}), and {@code /api/try/...}, which
 * sends a call a user tries out to the channels through HAProxy with the credentials the user gave
 * for that channel (never the admin's). The page sends a channel's {@code Authorization} as
 * {@value #TRY_AUTHORIZATION}, so that the dashboard's own login does not take it for its own.
 */
@Path("/")
@Consumes(MediaType.WILDCARD)
public final class ApiDocsResource {

    /** The header the page puts a channel's {@code Authorization} in. */
    public static final String TRY_AUTHORIZATION = "X-Conduit-Try-Authorization";
    private static final Set<String> NOT_FORWARDED = Set.of("host", "cookie", "connection", "content-length",
            "content-type", "authorization", "origin", "referer", "x-csrf-token", "accept-encoding", "upgrade",
            "transfer-encoding", "expect", "te", "keep-alive", "proxy-authorization", "http2-settings",
            TRY_AUTHORIZATION.toLowerCase(Locale.ROOT));

    private final AdminProxy conduit;
    private final AdminProxy channels;
    private final ObjectMapper mapper;

    /**
     * @param conduit  the nodes under {@code /conduit}, with the admin's credentials
     * @param channels the channels through HAProxy, with no credentials of its own
     */
    public ApiDocsResource(AdminProxy conduit, AdminProxy channels, ObjectMapper mapper) {
        this.conduit = conduit;
        this.channels = channels;
        this.mapper = mapper;
    }

    @GET
    @Path("openapi.json")
    public Response document() throws IOException {
        AdminProxy.Answer answer = conduit.forward("GET", "/openapi.json", null, null);
        if (answer.status() != 200) {
            return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
        }
        ObjectNode doc = (ObjectNode) mapper.readTree(answer.body());
        doc.putArray("servers").addObject().put("url", "/api/try")
                .put("description", "the cluster's channels, through the dashboard");
        return Response.ok(mapper.writeValueAsBytes(doc), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("try/{path: .*}")
    public Response get(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return tryOut("GET", path, null, request);
    }

    @POST
    @Path("try/{path: .*}")
    public Response post(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return tryOut("POST", path, body, request);
    }

    @PUT
    @Path("try/{path: .*}")
    public Response put(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return tryOut("PUT", path, body, request);
    }

    @PATCH
    @Path("try/{path: .*}")
    public Response patch(@Encoded @PathParam("path") String path, byte[] body, @Context HttpServletRequest request) {
        return tryOut("PATCH", path, body, request);
    }

    @DELETE
    @Path("try/{path: .*}")
    public Response delete(@Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
        return tryOut("DELETE", path, null, request);
    }

    private Response tryOut(String method, String path, byte[] body, HttpServletRequest request) {
        if (path.contains("..") || path.startsWith("conduit")) {
            throw new InvalidInputException("bad path: only channels can be tried out here");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, request.getHeader(name));
            }
        }
        String authorization = request.getHeader(TRY_AUTHORIZATION);
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        String query = request.getQueryString();
        AdminProxy.Answer answer = channels.forward(method, "/" + path + (query == null ? "" : "?" + query), body,
                request.getContentType(), headers);
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
