package io.conduit.api;

/**
 * Refuses a request as the caller's mistake: the channel answers {@code status} (a 4xx) with
 * {@code {"error": message, "cid"}}, and the call does not count as a failure of the service.
 * For example {@code throw new ClientErrorException(404, "no customer " + id)}.
 */
public class ClientErrorException extends ServiceException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the HTTP status, 400 to 499
     * @param message what the caller is told: say what was wrong and what to do
     * @throws IllegalArgumentException for a status outside 400-499
     */
    public ClientErrorException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a client error's status is 400 to 499, not " + status);
        }
        this.status = status;
    }

    /** @return the HTTP status the caller gets */
    public int status() {
        return status;
    }
}
