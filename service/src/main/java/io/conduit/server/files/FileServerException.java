package io.conduit.server.files;

/** A file server could not be had: unreachable, not the host key configured, or a refused login. */
public final class FileServerException extends RuntimeException {

    /** Why. */
    public enum Why {
        /** the server could not be reached */
        UNREACHABLE,
        /** the server's host key is not the one configured */
        HOST_KEY,
        /** the server refused the login, or there is none to give */
        LOGIN
    }

    private final Why why;

    public FileServerException(Why why, String message) {
        this(why, message, null);
    }

    public FileServerException(Why why, String message, Throwable cause) {
        super(message, cause);
        this.why = why;
    }

    /** @return why */
    public Why why() {
        return why;
    }
}
