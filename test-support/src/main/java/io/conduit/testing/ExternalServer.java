package io.conduit.testing;

/**
 * A real server a test starts as a process of its own: stopping it ({@code SIGTERM}, the server's
 * clean shutdown, as {@link ExternalProcess#close()} does) and closing it are the same for each.
 */
abstract class ExternalServer implements AutoCloseable {

    /** The running server; null while stopped. */
    protected ExternalProcess process;

    /** Stops it ({@code SIGTERM}: its clean shutdown); where the server has a {@code start()}, that keeps its data. */
    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
