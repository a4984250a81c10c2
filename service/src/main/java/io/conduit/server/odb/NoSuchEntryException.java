package io.conduit.server.odb;

/** An entry asked for by name is not in the ODB. */
public class NoSuchEntryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message which entry, e.g. "no HTTP channel named 'hello'" */
    public NoSuchEntryException(String message) {
        super(message);
    }
}
