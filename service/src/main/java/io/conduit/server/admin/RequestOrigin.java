package io.conduit.server.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

/** Notes the client's address on each admin request, so a release records where it came from. */
public final class RequestOrigin implements ContainerRequestFilter {

    /** The request property holding the client's address. */
    public static final String PROPERTY = "conduit.origin";

    @Context
    private HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (request != null) {
            context.setProperty(PROPERTY, request.getRemoteAddr());
        }
    }
}
