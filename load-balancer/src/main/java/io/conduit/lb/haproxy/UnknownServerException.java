package io.conduit.lb.haproxy;

/** A server name HAProxy's nodes backend does not have. */
public final class UnknownServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownServerException(String server) {
        super("the nodes' backend has no server named '" + server + "'");
    }
}
