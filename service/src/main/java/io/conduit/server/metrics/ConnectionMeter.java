package io.conduit.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * The one place a live outgoing connection reports each call it makes: its outcome and how long it
 * took. Made once per connection, so a call costs two adds and no lookup.
 */
public final class ConnectionMeter {

    /** A meter that counts nothing, for connections made outside a node (tests, pings). */
    public static final ConnectionMeter NONE = new ConnectionMeter(null, null, null);

    private final CounterDataPoint ok;
    private final CounterDataPoint failed;
    private final DistributionDataPoint duration;

    ConnectionMeter(CounterDataPoint ok, CounterDataPoint failed, DistributionDataPoint duration) {
        this.ok = ok;
        this.failed = failed;
        this.duration = duration;
    }

    /** @return the start of a call, to hand to {@link #ok} or {@link #failed} */
    public long start() {
        return System.nanoTime();
    }

    /** A call that began at {@code start} succeeded. */
    public void ok(long start) {
        if (ok != null) {
            ok.inc();
            duration.observe((System.nanoTime() - start) / 1e9);
        }
    }

    /** A call that began at {@code start} failed. */
    public void failed(long start) {
        if (failed != null) {
            failed.inc();
            duration.observe((System.nanoTime() - start) / 1e9);
        }
    }
}
