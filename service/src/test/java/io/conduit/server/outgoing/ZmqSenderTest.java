package io.conduit.server.outgoing;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.OutgoingException;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.tracing.Tracing;
import io.conduit.testing.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Outgoing ZeroMQ against a real PULL socket on loopback. */
class ZmqSenderTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theFirstMessageOfEveryNewConnectionArrives() {
        // Every node creates its socket on a config change and may send at once; JeroMQ 0.6.0 lost such
        // messages now and then (about 1 in 50 here), which is why the build pins 0.5.4.
        try (ZContext peer = new ZContext(); ZContext nodes = new ZContext(1)) {
            ZMQ.Socket pull = peer.createSocket(SocketType.PULL);
            int port = pull.bindToRandomPort("tcp://127.0.0.1");
            pull.setReceiveTimeOut(5000);
            List<ZmqSender> senders = new ArrayList<>();
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ZmqSender sender = sender(nodes, "tcp://127.0.0.1:" + port, 1000, true, new NodeMetrics());
                senders.add(sender);
                assertThat(sender.send(Map.of("n", i))).isTrue();
                byte[] message = pull.recv(0);
                received.add(message == null ? "(nothing)" : new String(message, StandardCharsets.UTF_8));
            }
            senders.forEach(ZmqSender::close);
            assertThat(received).doesNotContain("(nothing)").hasSize(100).first().isEqualTo("{\"n\":0}");
        }
    }

    @Test
    void withThePeerAbsentSendingNeverBlocksAndWhatIsOverTheHighWaterMarkIsDroppedAndCounted() {
        try (ZContext nodes = new ZContext(1)) {
            NodeMetrics metrics = new NodeMetrics();
            ZmqSender sender = sender(nodes, "tcp://127.0.0.1:1", 5, true, metrics);
            int queued = 0;
            for (int i = 0; i < 50; i++) {
                queued += sender.send("message " + i) ? 1 : 0;
            }
            sender.close();
            PrometheusText scraped = PrometheusText.parse(
                    PrometheusTextFormatWriter.create().toDebugString(metrics.registry().scrape()));
            String[] connection = {"kind", "zeromq", "connection", "Fraud detection"};
            assertThat(scraped.sum("conduit_outgoing_requests_total", append(connection, "outcome", "ok")))
                    .isEqualTo(queued);
            assertThat(scraped.sum("conduit_outgoing_requests_total", append(connection, "outcome", "failed")))
                    .isEqualTo(50 - queued).isPositive();
        }
    }

    @Test
    void anInactiveConnectionRefusesToSendAndSaysSo() {
        try (ZContext nodes = new ZContext(1)) {
            ZmqSender sender = sender(nodes, "tcp://127.0.0.1:1", 5, false, new NodeMetrics());
            OutgoingException e = org.assertj.core.api.Assertions.catchThrowableOfType(OutgoingException.class,
                    () -> sender.send("x"));
            assertThat(e.reason()).isEqualTo(OutgoingException.Reason.INACTIVE);
            assertThat(e.getMessage()).contains("'Fraud detection'").contains("is inactive");
            sender.close();
        }
    }

    private static String[] append(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    private ZmqSender sender(ZContext context, String address, int hwm, boolean active, NodeMetrics metrics) {
        OutgoingZmqConfig config = bind(OutgoingZmqConfig.KIND, "{'name': 'Fraud detection', 'address': '" + address
                + "', 'highWaterMark': " + hwm + ", 'active': " + active + "}");
        return new ZmqSender(config, context,
                mapper, new Meters(metrics, Tracing.off("test", "dev").tracer(), false).zmq(config));
    }
}
