package io.conduit.common.error;

/**
 * What a caller sent cannot be used: a field is missing or wrong. The message says which and why;
 * every API answers it with 400. Thrown by Conduit's own validation, never by a library: a plain
 * {@code IllegalArgumentException} from a library stays what it is, a fault of the server (500).
 * (It is an {@code IllegalArgumentException} itself, as an argument's wrong value is.)
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message which field is wrong and why */
    public InvalidInputException(String message) {
        super(message);
    }
}
