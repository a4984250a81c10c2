package io.conduit.lb.haproxy;

/** HAProxy answered, but refused or failed what the agent asked of it; its answer is in the message. */
public final class HaproxyRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HaproxyRefusedException(String message) {
        super(message);
    }

    public HaproxyRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
