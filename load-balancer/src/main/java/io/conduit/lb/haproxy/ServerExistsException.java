package io.conduit.lb.haproxy;

/** A server to add has the name of one HAProxy has already. */
public final class ServerExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerExistsException(String server) {
        super("server '" + server + "' already exists");
    }
}
