package io.conduit.server.invoke;

import io.conduit.api.OutgoingException;

/**
 * A service's {@code handle()} threw. The cause stays in the server's log, tied to the cid; callers
 * get {@link #getMessage()}, which never includes the cause's text.
 */
public class InvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final String cid;

    public InvocationException(String service, String cid, Throwable cause) {
        super("service '" + service + "' failed; the server log has the details under cid " + cid, cause);
        this.service = service;
        this.cid = cid;
    }

    public String service() {
        return service;
    }

    public String cid() {
        return cid;
    }

    /** @return the outgoing call whose failure made the service fail, or null if it was something else */
    public OutgoingException outgoingCause() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof OutgoingException o) {
                return o;
            }
        }
        return null;
    }
}
