package io.conduit.lb.haproxy;

/** HAProxy's Runtime API does not answer. */
public final class HaproxyUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HaproxyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
