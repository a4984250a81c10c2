package io.conduit.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.logging.common.async.AsyncAppenderFactory;
import io.dropwizard.logging.common.filter.LevelFilterFactory;
import io.dropwizard.logging.common.layout.LayoutFactory;

/**
 * {@code type: conduit-file} on an appender of {@code config.yml}: Dropwizard's {@code file}
 * appender with all its settings, its lines written in batches by a {@link BatchingAppender}
 * instead of one by one by logback's asynchronous appender.
 */
@JsonTypeName("conduit-file")
public class BatchedFileAppenderFactory extends FileAppenderFactory<ILoggingEvent> {

    @Override
    public Appender<ILoggingEvent> build(LoggerContext context, String applicationName, LayoutFactory<ILoggingEvent> layout,
                                         LevelFilterFactory<ILoggingEvent> levelFilter,
                                         AsyncAppenderFactory<ILoggingEvent> async) {
        return super.build(context, applicationName, layout, levelFilter, BatchingAppender::new);
    }
}
