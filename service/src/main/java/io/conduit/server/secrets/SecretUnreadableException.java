package io.conduit.server.secrets;

/** A secret in the ODB that this node cannot open: its key is missing, or the value was altered. */
public final class SecretUnreadableException extends RuntimeException {

    public SecretUnreadableException(String message) {
        super(message);
    }
}
