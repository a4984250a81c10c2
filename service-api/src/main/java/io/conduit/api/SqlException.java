package io.conduit.api;

/**
 * A statement on an outgoing SQL connection failed. The message names the connection, its
 * database (never the password) and the database's own message; {@link #sqlState()} is the SQLSTATE
 * code, e.g. {@code 23505} for a duplicate key, so a service can tell one failure from another.
 */
public class SqlException extends OutgoingException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * @param connection the connection's name
     * @param reason     {@code REJECTED} for an error the database reported, {@code UNREACHABLE},
     *                   {@code TIMEOUT}, or {@code INACTIVE}
     * @param sqlState   the SQLSTATE code, or {@code null} when the database gave none
     * @param message    the whole message
     * @param cause      the underlying failure, or {@code null}
     */
    public SqlException(String connection, Reason reason, String sqlState, String message, Throwable cause) {
        super(connection, reason, message, cause);
        this.sqlState = sqlState;
    }

    /** @return the SQLSTATE code the database gave, or {@code null} */
    public String sqlState() {
        return sqlState;
    }
}
