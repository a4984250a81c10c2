package io.conduit.server.stats;

import java.util.List;

/**
 * Where a node's statistics go, in the style of metrics' {@code GraphiteSender}: the flusher decides
 * what to send and when; a sink only writes. Writes are absolute (a service's totals and histogram
 * in a bucket, as they stand), so writing the same batch again is harmless.
 */
interface StatsSink {

    /**
     * Writes one batch.
     *
     * @param dirty the buckets' entries changed since they were last written
     * @param slow  slow calls to add to their services' logs
     * @throws StatsSinkException if the store cannot be reached; nothing of the batch counts as written
     */
    void write(List<Aggregates.Dirty> dirty, List<SlowCall> slow);

    /** @return where it writes, for log lines */
    String address();

    /** The store cannot be reached. */
    final class StatsSinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StatsSinkException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
