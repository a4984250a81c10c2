package io.conduit.server.stats;

import org.HdrHistogram.WriterReaderPhaser;

/**
 * A double buffer of {@link Interval}s for one service: callers record into the active one
 * (wait-free: two atomic increments around the record), the flusher swaps it for the idle one and
 * waits, with a phaser, until every call that was recording into it has finished. Nothing is lost
 * and nothing is counted twice.
 */
final class IntervalCell {

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active = new Interval();
    private Interval idle = new Interval();

    void record(long nanos, boolean failed) {
        long critical = phaser.writerCriticalSectionEnter();
        try {
            active.add(nanos, failed);
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /**
     * Swaps the buffers (flusher only).
     *
     * @return the interval recorded since the last swap; valid until the next swap
     */
    Interval swap() {
        phaser.readerLock();
        try {
            idle.reset();
            Interval recorded = active;
            active = idle;
            idle = recorded;
            phaser.flipPhase();
            return recorded;
        } finally {
            phaser.readerUnlock();
        }
    }
}
