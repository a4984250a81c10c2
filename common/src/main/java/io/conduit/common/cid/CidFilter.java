package io.conduit.common.cid;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Gives every API request a cid, returned in {@code X-Conduit-CID} and in error bodies. */
@Provider
@PreMatching
public final class CidFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String PROPERTY = "conduit.cid";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, Cids.next());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object cid = request.getProperty(PROPERTY);
        if (cid != null && !response.getHeaders().containsKey(Cids.HEADER)) {
            response.getHeaders().putSingle(Cids.HEADER, cid);
        }
    }

    /** @return the cid of the request, or null outside one */
    public static String cid(ContainerRequestContext request) {
        Object cid = request == null ? null : request.getProperty(PROPERTY);
        return cid == null ? null : cid.toString();
    }
}
