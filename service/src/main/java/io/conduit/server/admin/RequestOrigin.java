package io.conduit.server.admin;

import io.conduit.common.auth.ClientAddress;
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
            context.setProperty(PROPERTY, of(request));
        }
    }

    /** @return the client's address: the first of {@code X-Forwarded-For} (HAProxy sets it), else the connection's */
    public static String of(HttpServletRequest request) {
        return ClientAddress.of(request);
    }
}
