package io.conduit.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.kvdb.KvdbConsole;
import io.conduit.server.odb.OdbConflictException;
import io.conduit.server.odb.OdbUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every admin API failure into {@code {"error", "cid"}} with a fitting status. Unexpected
 * failures are logged with the cid and answered 500 without their details.
 */
@Provider
public final class AdminExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminExceptionMapper.class);

    @Context
    private jakarta.inject.Provider<ContainerRequestContext> request;

    @Override
    public Response toResponse(Throwable e) {
        String cid = cid();
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String message = status == 404 && web.getMessage().startsWith("HTTP 404")
                    ? "no such admin resource; see DESIGN.md for the admin API" : web.getMessage();
            return json(status, new AdminError(message, cid));
        }
        if (e instanceof DeploymentException d) {
            return json(400, new AdminError(d.getMessage(), cid, d.diagnostics()));
        }
        if (e instanceof IllegalArgumentException) {
            return json(400, new AdminError(e.getMessage(), cid));
        }
        if (e instanceof JsonProcessingException json) {
            return json(400, new AdminError("the request body is not valid JSON for this call: "
                    + json.getOriginalMessage(), cid));
        }
        if (e instanceof ConstraintViolationException v) {
            String message = v.getConstraintViolations().stream()
                    .map(ConstraintViolation::getMessage).sorted().collect(Collectors.joining("; "));
            return json(400, new AdminError(message, cid));
        }
        if (e instanceof KvdbConsole.UnavailableException) {
            return json(503, new AdminError(e.getMessage(), cid));
        }
        if (e instanceof OdbUnavailableException) {
            LOG.warn("Admin API - cid {}: {}", cid, e.getMessage());
            return json(503, new AdminError(e.getMessage(), cid));
        }
        if (e instanceof OdbConflictException) {
            return json(409, new AdminError(e.getMessage(), cid));
        }
        LOG.error("Admin API - failed, cid {}", cid, e);
        return json(500, new AdminError("the admin call failed; the server log has the details under cid " + cid, cid));
    }

    private String cid() {
        try {
            Object cid = request.get().getProperty(CidFilter.PROPERTY);
            return cid == null ? null : cid.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
