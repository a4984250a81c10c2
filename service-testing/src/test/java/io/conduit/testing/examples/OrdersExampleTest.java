package io.conduit.testing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.Call;
import io.conduit.testing.ServiceHarness;
import io.conduit.testing.TestRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/orders: an order queued on AMQP, taken into SQL once however often it is delivered, read back. */
class OrdersExampleTest {

    private static final Path ORDERS = Path.of("../examples/orders");

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.source(ORDERS.resolve("CreateSchema.java"),
            ORDERS.resolve("SubmitOrder.java"), ORDERS.resolve("TakeOrder.java"), ORDERS.resolve("GetOrder.java"),
            ORDERS.resolve("RecordConfirmation.java"));

    @BeforeEach
    void setUp() {
        harness.amqp("Orders");
        harness.amqp("Confirmations");
        harness.sql("Orders DB");
        Call schema = harness.call("orders.create-schema", null);
        assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
    }

    @Test
    void anOrderIsQueuedThenTakenOnceAndConfirmedOnce() {
        Call submitted = harness.call("orders.submit-order", "{\"orderId\": \"o-1\", \"customer\": \"ACME\", \"total\": 99.5}");

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.json().path("queued").asBoolean()).isTrue();
        assertThat(harness.amqp("Orders").messages()).singleElement().satisfies(m -> {
            assertThat(m.path("orderId").asText()).isEqualTo("o-1");
            assertThat(m.path("customer").asText()).isEqualTo("ACME");
            assertThat(m.path("total").decimalValue()).isEqualByComparingTo("99.5");
        });
        String queued = harness.amqp("Orders").messages().get(0).toString();

        Call taken = harness.call("orders.take-order", TestRequest.of(queued).header("correlation-id", "c-9"));
        Call redelivered = harness.call("orders.take-order", TestRequest.of(queued).header("correlation-id", "c-9"));

        assertThat(taken.status()).as(taken.toString()).isEqualTo(204);
        assertThat(taken.logMessages()).containsExactly("order o-1 (correlation id c-9) taken");
        assertThat(redelivered.logMessages()).containsExactly("order o-1 (correlation id c-9) was taken already");
        assertThat(harness.amqp("Confirmations").messages()).singleElement().satisfies(m -> {
            assertThat(m.path("orderId").asText()).isEqualTo("o-1");
            assertThat(m.path("cid").asText()).isEqualTo(taken.cid());
        });
        Call read = harness.call("orders.get-order", TestRequest.of(null).pathParam("id", "o-1"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("customer").asText()).isEqualTo("ACME");
        assertThat(read.json().path("total").decimalValue()).isEqualByComparingTo("99.50");
        assertThat(read.json().path("cid").asText()).isEqualTo(taken.cid());
    }

    @Test
    void anOrderWithoutACustomerIsRefusedAndNothingIsQueued() {
        Call refused = harness.call("orders.submit-order", Map.of("orderId", "o-2", "total", 1));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).startsWith("an order needs orderId");
        assertThat(harness.amqp("Orders").messages()).isEmpty();
    }

    @Test
    void anOrderNotTakenYetIsA404() {
        Call read = harness.call("orders.get-order", TestRequest.of(null).pathParam("id", "o-404"));

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.error()).isEqualTo("no order o-404 (yet)");
    }

    @Test
    void confirmationsAreKeptInTheKvdbAsReceived() {
        harness.call("orders.record-confirmation", "{\"orderId\":\"o-1\",\"status\":\"confirmed\"}");

        assertThat(harness.kvdb().lrange("orders:confirmations", 0, -1))
                .containsExactly("{\"orderId\":\"o-1\",\"status\":\"confirmed\"}");
    }
}
