package io.conduit.api;

/**
 * A service-level failure whose message is safe to show in logs. Thrown by the API when a call
 * cannot be done (an unknown service, a payload of the wrong shape); services may throw it too.
 */
public class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public ServiceException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
