package io.conduit.lb.api;

import io.conduit.lb.haproxy.HaproxyUnavailableException;
import io.conduit.lb.haproxy.InvalidConfigException;
import io.conduit.lb.haproxy.UnknownServerException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure as {@code {"error": ...}} with a fitting status; unexpected ones logged with an id. */
@Provider
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException web) {
            return json(web.getResponse().getStatus(), web.getMessage(), null);
        }
        if (e instanceof InvalidConfigException invalid) {
            return json(400, e.getMessage(), invalid.output());
        }
        if (e instanceof IllegalArgumentException) {
            return json(400, e.getMessage(), null);
        }
        if (e instanceof UnknownServerException) {
            return json(404, e.getMessage(), null);
        }
        if (e instanceof IllegalStateException) {
            return json(409, e.getMessage(), null);
        }
        if (e instanceof HaproxyUnavailableException) {
            return json(503, e.getMessage(), null);
        }
        String id = UUID.randomUUID().toString();
        LOG.error("LB agent - failed, error id {}", id, e);
        return json(500, "the call failed; the agent's log has the details under error id " + id, null);
    }

    private static Response json(int status, String error, String output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (output != null) {
            body.put("output", output);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
