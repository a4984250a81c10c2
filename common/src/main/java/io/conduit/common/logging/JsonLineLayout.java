package io.conduit.common.logging;

import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A log line as one JSON object: {@code timestamp, level, logger, message}, the call's
 * {@code cid, trace_id, span_id, service} from the logging context when set, {@code node} when
 * given, and a failure's stack (root cause first, as the text lines' {@code %rEx}) in
 * {@code exception}.
 *
 * <p>Written field by field with Jackson's streaming generator: Dropwizard's JSON layout builds a
 * map per line and hands it to an {@code ObjectMapper}, five times the text layout's cost, and a
 * node under load writes tens of thousands of lines a second (bench/flow). Lines come many to a
 * millisecond, so the last timestamp is formatted once and kept.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    /** A millisecond and its text; replaced whole, so threads sharing the layout never see half of one. */
    private record Stamp(long millis, String text) {
    }

    private final List<String> contextKeys;
    private final String node;
    private final ThrowableHandlingConverter stack = new RootCauseFirstThrowableProxyConverter();
    private Stamp last = new Stamp(Long.MIN_VALUE, "");

    /**
     * @param contextKeys the logging context's keys a line carries, in this order, when set
     * @param node        every line's {@code node}; none when empty
     */
    JsonLineLayout(List<String> contextKeys, String node) {
        this.contextKeys = List.copyOf(contextKeys);
        this.node = node;
    }

    @Override
    public void start() {
        stack.setContext(getContext());
        stack.start();
        super.start();
    }

    @Override
    public void stop() {
        stack.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", timestamp(event.getTimeStamp()));
            json.writeStringField("level", event.getLevel().levelStr);
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> context = event.getMDCPropertyMap();
            if (context != null && !context.isEmpty()) {
                for (String key : contextKeys) {
                    String value = context.get(key);
                    if (value != null) {
                        json.writeStringField(key, value);
                    }
                }
            }
            if (!node.isEmpty()) {
                json.writeStringField("node", node);
            }
            if (event.getThrowableProxy() != null) {
                json.writeStringField("exception", stack.convert(event));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a log line as JSON", e);
        }
        return line.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private String timestamp(long millis) {
        Stamp stamp = last;
        if (stamp.millis() != millis) {
            stamp = new Stamp(millis, TIMESTAMP.format(Instant.ofEpochMilli(millis)));
            last = stamp;
        }
        return stamp.text();
    }
}
