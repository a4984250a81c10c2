package io.conduit.common.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.filter.Filter;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard puts an appender's threshold on the appender inside its asynchronous wrapper, so every
 * event is copied and queued for every appender, and only then dropped by the ones that do not want
 * it: the console at WARN takes every INFO line of every call. This puts the inner appenders' filters
 * on the wrappers as well, where an event below the threshold is dropped before it is queued.
 */
public final class AsyncFilters {

    private AsyncFilters() {
    }

    /** Applies to every asynchronous appender of the root logger. */
    public static void hoist() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof AsyncAppenderBase<ILoggingEvent> async && async.getCopyOfAttachedFiltersList().isEmpty()) {
                for (Iterator<Appender<ILoggingEvent>> inner = async.iteratorForAppenders(); inner.hasNext(); ) {
                    Appender<ILoggingEvent> appender = inner.next();
                    for (Filter<ILoggingEvent> filter : appender.getCopyOfAttachedFiltersList()) {
                        async.addFilter(filter);
                    }
                }
            }
        }
    }
}
