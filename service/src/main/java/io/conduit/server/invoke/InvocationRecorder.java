package io.conduit.server.invoke;

/** Told of every invocation's duration; the statistics recorder implements it. */
@FunctionalInterface
public interface InvocationRecorder {

    /** Records nothing. */
    InvocationRecorder NONE = (service, cid, nanos, failed) -> { };

    /**
     * Called on the invoking thread right after an invocation: must be cheap and never block.
     *
     * @param service the service's name
     * @param cid     the invocation's correlation id
     * @param nanos   its duration
     * @param failed  whether it threw
     */
    void record(String service, String cid, long nanos, boolean failed);
}
