package io.conduit.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An appender's threshold drops an event before its asynchronous wrapper queues it. */
class AsyncFiltersTest {

    @Test
    void anEventUnderTheInnerAppendersThresholdIsDeniedByItsWrapper() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> console = new ListAppender<>();
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel("WARN");
        warn.start();
        console.addFilter(warn);
        console.setContext(context);
        console.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("test-console");
        async.addAppender(console);
        async.start();
        root.addAppender(async);
        try {
            LoggingEvent info = new LoggingEvent("x", root, Level.INFO, "a line", null, null);
            LoggingEvent error = new LoggingEvent("x", root, Level.ERROR, "a failure", null, null);
            assertThat(async.getFilterChainDecision(info)).isEqualTo(FilterReply.NEUTRAL);

            AsyncFilters.hoist();

            assertThat(async.getFilterChainDecision(info)).isEqualTo(FilterReply.DENY);
            assertThat(async.getFilterChainDecision(error)).isEqualTo(FilterReply.NEUTRAL);
            AsyncFilters.hoist();
            assertThat(async.getCopyOfAttachedFiltersList()).as("hoisted once").hasSize(1);
        } finally {
            root.detachAppender(async);
            async.stop();
        }
    }
}
