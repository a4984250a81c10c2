package io.conduit.common.error;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;

/**
 * What a resource throws on purpose ({@code NotFoundException}, {@code BadRequestException}, ...)
 * and what Jersey throws for a path or method it does not serve: its status and its message.
 */
public final class WebApplicationErrorMapper extends ErrorMapper<WebApplicationException> {

    private final String noSuchResource;

    /** @param noSuchResource what a caller is told for a path nothing serves */
    public WebApplicationErrorMapper(String noSuchResource) {
        this.noSuchResource = noSuchResource;
    }

    @Override
    protected int status(WebApplicationException failure) {
        return failure.getResponse().getStatus();
    }

    @Override
    protected String message(WebApplicationException failure, String cid) {
        String message = failure.getMessage();
        if (failure instanceof NotFoundException && (message == null || message.startsWith("HTTP 404"))) {
            return noSuchResource;
        }
        return message;
    }
}
