package io.conduit.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** What a log line looks like, in text and in JSON. */
class ConduitLayoutFactoryTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void jsonLinesCarryTheCallsIdsServiceAndNode() throws Exception {
        ConduitLayoutFactory factory = new ConduitLayoutFactory();
        factory.setJson(true);
        factory.setNode("server2");
        LayoutBase<ILoggingEvent> layout = factory.build(context, TimeZone.getDefault());
        layout.start();

        String line = layout.doLayout(event(Map.of("cid", "4bf92f3577b34da6a3ce929d0e0e4736",
                "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7",
                "service", "tutorial.get-client-details", "other", "not shown")));

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo("tutorial.get-client-details");
        assertThat(json.path("message").asText()).isEqualTo("Customer details: {\"firstName\":\"Sean\"}");
        assertThat(json.path("cid").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.path("service").asText()).isEqualTo("tutorial.get-client-details");
        assertThat(json.path("node").asText()).isEqualTo("server2");
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.has("other")).isFalse();
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder("timestamp",
                "message", "logger", "level", "cid", "trace_id", "span_id", "service", "node");
    }

    @Test
    void aMessageOverSeveralLinesStaysOneJsonLineWithItsTime() throws Exception {
        ConduitLayoutFactory factory = new ConduitLayoutFactory();
        factory.setJson(true);
        LayoutBase<ILoggingEvent> layout = factory.build(context, TimeZone.getDefault());
        layout.start();
        String message = "first line\nsecond \"quoted\" line\t\u00e9\u0001";
        List<String> stamps = new java.util.ArrayList<>();
        for (long at : new long[] {1_765_000_000_123L, 1_765_000_000_123L, 1_765_000_001_007L}) {
            LoggingEvent event = new LoggingEvent("x", context.getLogger("a.b"), Level.WARN, message, null, null);
            event.setMDCPropertyMap(Map.of("cid", "c1"));
            event.setTimeStamp(at);
            String line = layout.doLayout(event);

            assertThat(line.indexOf('\n')).as(line).isEqualTo(line.length() - 1);
            JsonNode json = new ObjectMapper().readTree(line);
            assertThat(json.path("message").asText()).isEqualTo(message);
            stamps.add(json.path("timestamp").asText());
        }
        assertThat(stamps).containsExactly("2025-12-06T05:46:40.123Z", "2025-12-06T05:46:40.123Z",
                "2025-12-06T05:46:41.007Z");
    }

    @Test
    void aJsonLinesFailureCarriesItsStackInException() throws Exception {
        ConduitLayoutFactory factory = new ConduitLayoutFactory();
        factory.setJson(true);
        LayoutBase<ILoggingEvent> layout = factory.build(context, TimeZone.getDefault());
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("tutorial.get-client-details"), Level.ERROR,
                "the call failed", new IllegalStateException("CRM is down"), null);
        event.setMDCPropertyMap(Map.of());

        JsonNode json = new ObjectMapper().readTree(layout.doLayout(event));

        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: CRM is down")
                .contains("\tat ");
        assertThat(json.has("node")).as("no node given, none written").isFalse();
    }

    @Test
    void textLinesFollowThePattern() {
        ConduitLayoutFactory factory = new ConduitLayoutFactory();
        factory.setPattern("%-5p [%X{cid}] %c: %m%n");
        LayoutBase<ILoggingEvent> layout = factory.build(context, TimeZone.getDefault());
        layout.start();

        assertThat(layout.doLayout(event(Map.of("cid", "abc")))).isEqualTo(
                "INFO  [abc] tutorial.get-client-details: Customer details: {\"firstName\":\"Sean\"}\n");
    }

    private ILoggingEvent event(Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent("x", context.getLogger("tutorial.get-client-details"), Level.INFO,
                "Customer details: {}", null, new Object[] {"{\"firstName\":\"Sean\"}"});
        event.setMDCPropertyMap(mdc);
        return event;
    }
}
