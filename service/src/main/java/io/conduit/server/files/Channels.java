package io.conduit.server.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

/**
 * The channels to one file server that do one thing at a time (an SFTP channel, an FTP control
 * connection): each call borrows one, a few are kept idle between calls, and one that failed other
 * than by the server's refusal is closed rather than kept.
 *
 * @param <C> a channel
 */
final class Channels<C> {

    /** Opens a channel. */
    @FunctionalInterface
    interface Opener<C> {
        C open() throws IOException;
    }

    /** Closes a channel, quietly. */
    @FunctionalInterface
    interface Closer<C> {
        void close(C channel);
    }

    /** What a call does with its channel. */
    @FunctionalInterface
    interface Work<C, T> {
        T on(C channel) throws IOException;
    }

    private static final int IDLE = 4;

    private final ConcurrentLinkedDeque<C> idle = new ConcurrentLinkedDeque<>();
    private final Opener<C> opener;
    private final Predicate<C> alive;
    private final Closer<C> closer;

    Channels(Opener<C> opener, Predicate<C> alive, Closer<C> closer) {
        this.opener = opener;
        this.alive = alive;
        this.closer = closer;
    }

    /** Keeps a channel opened beforehand (the first, opened to check the login). */
    void keep(C channel) {
        idle.addFirst(channel);
    }

    /** Runs a call on a channel; a failure that is the server's refusal keeps the channel. */
    <T> T with(Work<C, T> work) throws IOException {
        C channel = borrow();
        boolean healthy = false;
        try {
            T result = work.on(channel);
            healthy = true;
            return result;
        } catch (IOException e) {
            healthy = FileServer.refused(e);
            throw e;
        } finally {
            giveBack(channel, healthy);
        }
    }

    /**
     * @param read opens the stream on a channel
     * @param done after the stream closed: whether the channel is still good
     * @return the stream; closing it gives its channel back
     */
    InputStream stream(Work<C, InputStream> read, Work<C, Boolean> done) throws IOException {
        C channel = borrow();
        InputStream in;
        try {
            in = read.on(channel);
        } catch (IOException | RuntimeException e) {
            giveBack(channel, e instanceof IOException io && FileServer.refused(io));
            throw e;
        }
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    boolean healthy = false;
                    try {
                        super.close();
                        healthy = done.on(channel);
                    } finally {
                        giveBack(channel, healthy);
                    }
                }
            }
        };
    }

    private C borrow() throws IOException {
        for (C channel = idle.pollFirst(); channel != null; channel = idle.pollFirst()) {
            if (alive.test(channel)) {
                return channel;
            }
            closer.close(channel);
        }
        return opener.open();
    }

    private void giveBack(C channel, boolean healthy) {
        if (healthy && alive.test(channel) && idle.size() < IDLE) {
            idle.addFirst(channel);
        } else {
            closer.close(channel);
        }
    }

    /** Closes the idle channels (those in use close when given back... after their session closed). */
    void closeAll() {
        for (C channel = idle.pollFirst(); channel != null; channel = idle.pollFirst()) {
            closer.close(channel);
        }
    }
}
