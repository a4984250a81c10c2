package io.conduit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A consumed message's request makes its text and headers when first asked for, once. */
class RequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aConsumedMessagesTextAndHeadersAreMadeOnceWhenFirstAskedFor() {
        AtomicInteger texts = new AtomicInteger();
        AtomicInteger headerMaps = new AtomicInteger();
        Request request = new Request(IntNode.valueOf(7), () -> {
            texts.incrementAndGet();
            return "7";
        }, () -> {
            headerMaps.incrementAndGet();
            return Map.of("kafka-topic", List.of("orders"));
        }, MAPPER);

        assertThat(request.payload().asInt()).isEqualTo(7);
        assertThat(texts).as("nothing made before it is asked for").hasValue(0);
        assertThat(headerMaps).hasValue(0);

        assertThat(request.rawPayload()).isEqualTo("7");
        assertThat(request.rawPayload()).isEqualTo("7");
        assertThat(request.header("Kafka-Topic")).isEqualTo("orders");
        assertThat(request.headers()).containsOnlyKeys("kafka-topic");
        assertThat(texts).as("made once").hasValue(1);
        assertThat(headerMaps).hasValue(1);
        assertThat(request.queryParams()).isEmpty();
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.principal()).isNull();
    }

    @Test
    void anHttpRequestKeepsWhatItWasGiven() {
        Request request = new Request(IntNode.valueOf(1), "1", Map.of("x-a", List.of("b")), Map.of("q", List.of("r")),
                MAPPER);
        assertThat(request.rawPayload()).isEqualTo("1");
        assertThat(request.header("X-A")).isEqualTo("b");
        assertThat(request.queryParam("q")).isEqualTo("r");
    }
}
