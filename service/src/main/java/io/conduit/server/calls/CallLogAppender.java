package io.conduit.server.calls;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Hands each log line to the call being recorded on its thread, if any: a reference, kept until the
 * call ends, formatted only if the call is recorded.
 */
final class CallLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent event) {
        CallRecording recording = CallRecorder.current();
        if (recording != null) {
            recording.log(event);
        }
    }
}
