package io.conduit.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.List;
import java.util.TimeZone;

/**
 * The layout of Conduit's log lines ({@code layout: {type: conduit}} on an appender): text by its
 * pattern, or, with {@code json: true} ({@code CONDUIT_LOG_JSON=true}), one JSON object per line
 * with {@code timestamp, level, logger, message, cid, trace_id, span_id, service, node} (a failure's
 * stack in {@code exception}; see {@link JsonLineLayout}).
 */
@JsonTypeName("conduit")
public class ConduitLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {

    /** The logging context's keys a JSON line carries, when set, in this order. */
    private static final List<String> CONTEXT_KEYS = List.of("cid", "trace_id", "span_id", "service");

    private boolean json;
    private String pattern = "%-5p [%d{ISO8601,UTC}] [%X{cid}] %c: %m%n%rEx";
    private String node = "";

    @JsonProperty
    public boolean isJson() {
        return json;
    }

    @JsonProperty
    public void setJson(boolean json) {
        this.json = json;
    }

    @JsonProperty
    public String getPattern() {
        return pattern;
    }

    @JsonProperty
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @JsonProperty
    public String getNode() {
        return node;
    }

    /** @param node the value of every JSON line's {@code node} field (none when empty) */
    @JsonProperty
    public void setNode(String node) {
        this.node = node == null ? "" : node;
    }

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        if (!json) {
            DropwizardLayout text = new DropwizardLayout(context, timeZone);
            text.setPattern(pattern);
            return text;
        }
        JsonLineLayout layout = new JsonLineLayout(CONTEXT_KEYS, node);
        layout.setContext(context);
        return layout;
    }
}
