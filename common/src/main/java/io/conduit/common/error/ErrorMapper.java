package io.conduit.common.error;

import io.conduit.common.cid.CidFilter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/**
 * Answers one kind of failure with its status and an {@link ErrorBody} carrying the request's cid.
 * Each domain failure has a mapper of its own (a subclass naming the exception type); Jersey picks
 * the one closest to the exception thrown, and {@link UnexpectedErrorMapper} only when none fits.
 *
 * @param <E> the failure it answers
 */
public abstract class ErrorMapper<E extends Throwable> implements ExceptionMapper<E> {

    @Context
    private jakarta.inject.Provider<ContainerRequestContext> request;

    /** @return the HTTP status for this failure */
    protected abstract int status(E failure);

    /** @return what the caller is told; the exception's message unless overridden */
    protected String message(E failure, String cid) {
        return failure.getMessage();
    }

    /** @return fields the body carries beside {@code error} and {@code cid} */
    protected Map<String, ?> details(E failure) {
        return Map.of();
    }

    @Override
    public Response toResponse(E failure) {
        String cid = cid();
        return json(status(failure), new ErrorBody(message(failure, cid), cid, details(failure)));
    }

    /** @return the cid of the request being answered, or null outside one */
    protected String cid() {
        try {
            return request == null ? null : CidFilter.cid(request.get());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return a JSON response with that status and body */
    public static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
