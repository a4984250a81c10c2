package io.conduit.api;

/**
 * The key/value database (Redis) cannot be reached: it is down, restarting, or did not answer in
 * time. The message names Redis's address. A channel whose service lets it escape answers
 * 503 Service Unavailable: the caller may retry later.
 */
public class KvdbUnavailableException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming Redis's address
     * @param cause   the client's failure
     */
    public KvdbUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
