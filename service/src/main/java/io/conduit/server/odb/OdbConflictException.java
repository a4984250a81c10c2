package io.conduit.server.odb;

/** A change that would break a unique name or path; the admin API answers 409. */
public class OdbConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OdbConflictException(String message) {
        super(message);
    }

    public OdbConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
