package io.conduit.server.admin;

import io.conduit.server.channel.ChannelServlet;
import io.conduit.server.invoke.Cids;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Gives every admin API request a cid, returned in {@code X-Conduit-CID} and in error bodies. */
@Provider
@PreMatching
public final class CidFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String PROPERTY = "conduit.cid";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, Cids.next());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object cid = request.getProperty(PROPERTY);
        if (cid != null && !response.getHeaders().containsKey(ChannelServlet.CID_HEADER)) {
            response.getHeaders().putSingle(ChannelServlet.CID_HEADER, cid);
        }
    }
}
