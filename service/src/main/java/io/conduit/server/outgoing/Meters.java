package io.conduit.server.outgoing;

import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.tracing.SpanAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.net.URI;
import java.util.Locale;

/**
 * Makes each live connection's {@link ConnectionMeter}: its counters, and its spans' attributes as
 * OpenTelemetry's semantic conventions name them (HTTP client, database client, messaging producer).
 */
final class Meters {

    private final NodeMetrics metrics;
    private final Tracer tracer;
    private final boolean records;

    /** @param records whether spans may be recorded: when not, they go without attributes */
    Meters(NodeMetrics metrics, Tracer tracer, boolean records) {
        this.metrics = metrics;
        this.tracer = tracer;
        this.records = records;
    }

    ConnectionMeter http(OutgoingHttpConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name())
                .put(SpanAttributes.URL_FULL, c.url());
        server(a, c.url());
        return new ConnectionMeter("http", c.name(), metrics.outgoing("http", c.name()), tracer, SpanKind.CLIENT, attributes(a));
    }

    ConnectionMeter sql(OutgoingSqlConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name())
                .put(SpanAttributes.DB_SYSTEM, c.database().toLowerCase(Locale.ROOT));
        server(a, c.url() == null ? null : c.url().replaceFirst("^jdbc:", ""));
        return new ConnectionMeter("sql", c.name(), metrics.outgoing("sql", c.name()), tracer, SpanKind.CLIENT, attributes(a));
    }

    ConnectionMeter amqp(OutgoingAmqpConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name())
                .put(SpanAttributes.MESSAGING_SYSTEM, "rabbitmq")
                .put(SpanAttributes.DESTINATION, c.exchange() == null ? "" : c.exchange())
                .put(SpanAttributes.OPERATION_TYPE, "send");
        server(a, c.address());
        return new ConnectionMeter("amqp", c.name(), metrics.outgoing("amqp", c.name()), tracer, SpanKind.PRODUCER, attributes(a));
    }

    ConnectionMeter kafka(OutgoingKafkaConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name())
                .put(SpanAttributes.MESSAGING_SYSTEM, "kafka").put(SpanAttributes.DESTINATION, c.topic())
                .put(SpanAttributes.OPERATION_TYPE, "send");
        server(a, "kafka://" + c.bootstrapServers().split(",")[0]);
        return new ConnectionMeter("kafka", c.name(), metrics.outgoing("kafka", c.name()), tracer, SpanKind.PRODUCER, attributes(a));
    }

    ConnectionMeter files(OutgoingFilesConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name());
        server(a, c.address());
        return new ConnectionMeter("files", c.name(), metrics.outgoing("files", c.name()), tracer, SpanKind.CLIENT,
                attributes(a));
    }

    ConnectionMeter smtp(OutgoingSmtpConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name());
        server(a, c.address());
        return new ConnectionMeter("smtp", c.name(), metrics.outgoing("smtp", c.name()), tracer, SpanKind.CLIENT,
                attributes(a));
    }

    ConnectionMeter zmq(OutgoingZmqConfig c) {
        AttributesBuilder a = Attributes.builder().put(SpanAttributes.CONNECTION, c.name())
                .put(SpanAttributes.MESSAGING_SYSTEM, "zeromq").put(SpanAttributes.DESTINATION, c.address())
                .put(SpanAttributes.OPERATION_TYPE, "send");
        server(a, c.address());
        return new ConnectionMeter("zeromq", c.name(), metrics.outgoing("zeromq", c.name()), tracer, SpanKind.PRODUCER, attributes(a));
    }

    private Attributes attributes(AttributesBuilder a) {
        return records ? a.build() : Attributes.empty();
    }

    private static void server(AttributesBuilder a, String address) {
        try {
            URI uri = URI.create(address);
            if (uri.getHost() != null) {
                a.put(SpanAttributes.SERVER_ADDRESS, uri.getHost());
                if (uri.getPort() > 0) {
                    a.put(SpanAttributes.SERVER_PORT, (long) uri.getPort());
                }
            }
        } catch (RuntimeException e) {
            // an address that is no URI: the span goes without server.address
        }
    }
}
