package io.conduit.common.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.filter.Filter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines from one background thread, in batches: a request thread formats its event's
 * message, queues it and goes on; the writer takes whatever is queued, hands it to the appender
 * inside (a file, the console), flushes it once, then lets the next lines gather for 10 ms, or,
 * when nothing came, sleeps until a line arrives. Under load that is one write every 10 ms instead
 * of one a line, and the request threads rarely have to wake the writer: logback's
 * {@code AsyncAppender} writes and flushes every line and is woken for most of them, and on a busy
 * node the wake-ups and writes cost more than formatting the lines (measured with bench/flow: a
 * wake-up and a write every millisecond still took a fifth of what the lines cost). A line is
 * written at once on a quiet node, within 10 ms on a busy one.
 *
 * <p>It is an {@code AsyncAppender} to everything around it, so Dropwizard's appender factories set
 * it up ({@link BatchedFileAppenderFactory}, {@link BatchedConsoleAppenderFactory}) and wait for its
 * queue when the server stops: {@code queueSize}; {@code neverBlock} (a full queue drops the line,
 * else the logging thread waits); {@code discardingThreshold} (with fewer free places, lines at INFO
 * and below are dropped); {@code includeCallerData}; one appender inside. It keeps its own queue and
 * writer; logback's, started with it, stay idle. The appender's filters (its threshold) are applied
 * before a line is queued, so a console at WARN costs an INFO line nothing, and it must not flush
 * each line itself ({@link #addAppender} turns its {@code immediateFlush} off).
 */
public final class BatchingAppender extends AsyncAppender {

    /** How long the writer lets lines gather after a batch before it takes the next one. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean closing;
    /** Set by the writer before it sleeps with nothing to write; the next line queued wakes it. */
    private volatile boolean asleep;
    /** Set by the writer from before it takes a batch until the batch is flushed. */
    private volatile boolean writing;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (getQueueSize() < 1) {
            addError("queueSize must be at least 1, not " + getQueueSize());
            return;
        }
        queue = new ArrayBlockingQueue<>(getQueueSize());
        super.start();
        if (!isStarted()) {
            return;
        }
        closing = false;
        writer = new Thread(this::write, "log-writer-" + getName());
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (queue.remainingCapacity() < getDiscardingThreshold() && isDiscardable(event)) {
            return;
        }
        preprocess(event);
        if (isNeverBlock()) {
            queue.offer(event);
        } else {
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (asleep) {
            asleep = false;
            LockSupport.unpark(writer);
        }
    }

    private void write() {
        List<ILoggingEvent> batch = new ArrayList<>();
        while (true) {
            boolean last = closing;
            writing = true;
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                for (Iterator<Appender<ILoggingEvent>> it = iteratorForAppenders(); it.hasNext(); ) {
                    write(batch, it.next());
                }
                batch.clear();
                writing = false;
                LockSupport.parkNanos(this, GATHER_NANOS);
                continue;
            }
            writing = false;
            if (last) {
                return;
            }
            // a line queued after this flag is set wakes the writer; one queued before it is seen below
            asleep = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.park(this);
            }
            asleep = false;
        }
    }

    private void write(List<ILoggingEvent> batch, Appender<ILoggingEvent> appender) {
        for (ILoggingEvent event : batch) {
            appender.doAppend(event);
        }
        OutputStream out = appender instanceof OutputStreamAppender<ILoggingEvent> stream ? stream.getOutputStream() : null;
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                addError("Could not flush " + appender.getName(), e);
            }
        }
    }

    /** Writes what is queued (waiting up to {@code maxFlushTime}), then stops the appender inside. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(getMaxFlushTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn(queue.size() + " log lines were not written within " + getMaxFlushTime() + " ms of stopping " + getName());
        }
        super.stop();
    }

    /**
     * @return the lines not written yet, counting a batch being written as one: Dropwizard waits for
     * none when the server stops, before the JVM ends
     */
    @Override
    public int getNumberOfElementsInQueue() {
        if (queue == null) {
            return 0;
        }
        int queued = queue.size();
        // read after the queue: a batch taken before the queue was read is still seen here, unless flushed
        return writing ? queued + 1 : queued;
    }

    @Override
    public int getRemainingCapacity() {
        return queue == null ? getQueueSize() : queue.remainingCapacity();
    }

    /** The appender to write to: its filters apply before a line is queued, and it is flushed once a batch. */
    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        if (iteratorForAppenders().hasNext()) {
            addWarn("One appender only: " + appender.getName() + " not added to " + getName());
            return;
        }
        for (Filter<ILoggingEvent> filter : appender.getCopyOfAttachedFiltersList()) {
            addFilter(filter);
        }
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            stream.setImmediateFlush(false);
        }
        super.addAppender(appender);
    }
}
