package io.conduit.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.EventAttribute;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

/**
 * The layout of Conduit's log lines ({@code layout: {type: conduit}} on an appender): text by its
 * pattern, or, with {@code json: true} ({@code CONDUIT_LOG_JSON=true}), one JSON object per line
 * with {@code timestamp, level, logger, message, cid, trace_id, span_id, service, node} (Dropwizard's
 * JSON layout, the logging context's keys at the top level; a failure's stack in {@code exception}).
 */
@JsonTypeName("conduit")
public class ConduitLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {

    /** The logging context's keys a JSON line carries, when set. */
    public static final Set<String> CONTEXT_KEYS = Set.of("cid", "trace_id", "span_id", "service");

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
        EventJsonLayoutBaseFactory factory = new EventJsonLayoutBaseFactory();
        factory.setIncludes(EnumSet.of(EventAttribute.TIMESTAMP, EventAttribute.LEVEL, EventAttribute.LOGGER_NAME,
                EventAttribute.MESSAGE, EventAttribute.MDC, EventAttribute.EXCEPTION));
        factory.setIncludesMdcKeys(CONTEXT_KEYS);
        factory.setFlattenMdc(true);
        factory.setTimestampFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        if (!node.isEmpty()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("node", node);
            factory.setAdditionalFields(fields);
        }
        return factory.build(context, TimeZone.getTimeZone("UTC"));
    }
}
