package io.conduit.api;

/**
 * An outgoing call that failed. The message names the connection, its address and the elapsed
 * time, so it can be logged as it is. A channel whose service lets it escape answers
 * 502 (the backend failed), 504 (it timed out) or 500 (no such connection, or an inactive one),
 * naming the connection.
 */
public class OutgoingException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /** Why an outgoing call failed. */
    public enum Reason {
        /** no connection of that name exists */
        UNKNOWN,
        /** the connection exists but is inactive */
        INACTIVE,
        /** the backend could not be reached (refused, unresolvable, reset) */
        UNREACHABLE,
        /** no broker of the backend's cluster took the message in time (the cluster is down): worth trying later */
        UNAVAILABLE,
        /** the backend did not answer within the connection's timeout */
        TIMEOUT,
        /** the backend answered with a 5xx status */
        SERVER_ERROR,
        /** the backend's answer is not what the connection's data format says */
        BAD_RESPONSE,
        /** the connection's circuit breaker is open after too many failures: the backend was not called */
        CIRCUIT_OPEN,
        /**
         * the backend refused the request: the database reported an error (a constraint, a syntax
         * error), or the broker did not take a message (nacked, or no queue for its routing key)
         */
        REJECTED
    }

    private final String connection;
    private final Reason reason;

    /**
     * @param connection the connection's name
     * @param reason     why the call failed
     * @param message    the whole message, naming the connection, address and elapsed time
     * @param cause      the underlying failure, or {@code null}
     */
    public OutgoingException(String connection, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.connection = connection;
        this.reason = reason;
    }

    /** @return the connection's name */
    public String connection() {
        return connection;
    }

    /** @return why the call failed */
    public Reason reason() {
        return reason;
    }
}
