package io.conduit.server.invoke;

import java.util.List;

/**
 * A typed service's request that does not bind to its input type or breaks its constraints: the
 * caller's mistake, answered 400 with every field error; the service never runs.
 */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One field's error.
     *
     * @param field   the field's path in the input, e.g. {@code address.zip} or {@code items[2]}
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }

    private final transient List<FieldError> fields;

    public InvalidRequestException(String message, List<FieldError> fields) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    /** @return every field error, by field */
    public List<FieldError> fields() {
        return fields;
    }
}
