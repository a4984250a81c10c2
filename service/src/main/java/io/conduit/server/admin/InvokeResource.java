package io.conduit.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.Request;
import io.conduit.common.cid.CidFilter;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.JsonBodies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST /conduit/admin/invoke/{service}}: invokes a service with the body as its payload. */
@Path("/admin/invoke/{service}")
@Produces(MediaType.APPLICATION_JSON)
public final class InvokeResource {

    private final Invoker invoker;
    private final ObjectMapper mapper;
    private final JsonBodies json;

    public InvokeResource(Invoker invoker, ObjectMapper mapper) {
        this.invoker = invoker;
        this.mapper = mapper;
        this.json = new JsonBodies(mapper);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@PathParam("service") String service, byte[] body, @Context ContainerRequestContext ctx)
            throws JsonProcessingException {
        JsonNode payload;
        try {
            payload = json.parse(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(JsonBodies.describe(e));
        }
        Request request = new Request(payload, new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8),
                Map.of(), Map.of(), mapper);
        io.conduit.api.Response response = invoker.invoke(service, request, CidFilter.cid(ctx));
        if (response.payload() == null) {
            return Response.status(response.statusCode() == 200 ? 204 : response.statusCode()).build();
        }
        Response.ResponseBuilder out = Response.status(response.statusCode())
                .entity(mapper.writeValueAsBytes(response.payload()));
        response.headers().forEach(out::header);
        return out.build();
    }
}
