package orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.Service;
import java.util.Map;

/**
 * Invoked by the AMQP channel "orders-in" with each order: writes it to PostgreSQL through the
 * outgoing SQL connection "Orders DB" and publishes a confirmation through the outgoing AMQP
 * connection "Confirmations". An order the broker delivers again (after a node died before its
 * acknowledgement) is written once: the insert skips an order id already there, and only a new
 * order is confirmed.
 */
public class TakeOrder extends Service {
    @Override
    public void handle() {
        JsonNode order = request().payload();
        String id = order.path("orderId").asText();
        int inserted = outgoing().sql("Orders DB").update(
                "INSERT INTO orders (order_id, customer, total, status, cid) VALUES (?, ?, ?, 'confirmed', ?)"
                        + " ON CONFLICT DO NOTHING",
                id, order.path("customer").asText(), order.path("total").decimalValue(), cid());
        if (inserted == 1) {
            outgoing().amqp().send(Map.of("orderId", id, "status", "confirmed", "cid", cid()), "Confirmations");
        }
        logger().info("order {} (correlation id {}) {}", id, request().header("correlation-id"),
                inserted == 1 ? "taken" : "was taken already");
    }
}
