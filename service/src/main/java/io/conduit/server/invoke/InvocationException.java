package io.conduit.server.invoke;

import io.conduit.api.ClientErrorException;
import io.conduit.api.KvdbUnavailableException;
import io.conduit.api.OutgoingException;
import io.conduit.api.ServiceException;

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

    /**
     * @return the HTTP status a caller gets: the status of a {@link ClientErrorException} the service threw; 504 when a backend did not answer in time, 502 when it
     *     failed otherwise, 503 when the KVDB cannot be reached, a connection's circuit is open or no broker took a message, 500 for anything else, including a
     *     connection that does not exist or is inactive (the service or its configuration is at
     *     fault, not a backend)
     */
    public int httpStatus() {
        if (getCause() instanceof ClientErrorException refused) {
            return refused.status();
        }
        OutgoingException outgoing = outgoingCause();
        if (outgoing == null) {
            return kvdbCause() == null ? 500 : 503;
        }
        return switch (outgoing.reason()) {
            case TIMEOUT -> 504;
            case CIRCUIT_OPEN, UNAVAILABLE -> 503;
            case UNKNOWN, INACTIVE -> 500;
            default -> 502;
        };
    }

    /** @return what a caller is told: the failed outgoing call if there was one (no secrets in it), else where to look */
    public String callerMessage() {
        if (getCause() instanceof ClientErrorException refused) {
            return refused.getMessage();
        }
        ServiceException cause = outgoingCause();
        if (cause == null) {
            cause = kvdbCause();
        }
        return cause == null ? getMessage() : "service '" + service + "' failed: " + cause.getMessage();
    }

    /** @return the KVDB failure that made the service fail, or null if it was something else */
    public KvdbUnavailableException kvdbCause() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof KvdbUnavailableException k) {
                return k;
            }
        }
        return null;
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
