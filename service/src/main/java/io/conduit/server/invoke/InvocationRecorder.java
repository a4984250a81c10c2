package io.conduit.server.invoke;

/** Told of every invocation's duration; the statistics recorder implements it. */
@FunctionalInterface
public interface InvocationRecorder {

    /** Records nothing. */
    InvocationRecorder NONE = (service, nanos, failed) -> { };

    /**
     * Called on the invoking thread right after an invocation: must be cheap and never block.
     *
     * @param service the service's name
     * @param nanos   its duration
     * @param failed  whether it threw
     */
    void record(String service, long nanos, boolean failed);
}
