package io.conduit.dashboard.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/** Every failure as {@code {"error": ...}}; Redis away is 503; unexpected ones are logged with an id. */
@Provider
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException web) {
            return json(web.getResponse().getStatus(), web.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return json(400, e.getMessage());
        }
        if (e instanceof JedisException) {
            return json(503, "the statistics cannot be read: Redis does not answer (" + e.getMessage() + ")");
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Dashboard - failed, error id {}", id, e);
        return json(500, "the call failed; the dashboard's log has the details under error id " + id);
    }

    private static Response json(int status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error)).build();
    }
}
