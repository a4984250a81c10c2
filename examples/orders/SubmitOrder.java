package orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.ClientErrorException;
import io.conduit.api.Service;
import java.util.Map;

/**
 * POST /orders: checks an order and queues it on the broker through the outgoing AMQP connection
 * "Orders"; it returns once the broker has the order (publisher confirms). The AMQP channel
 * "orders-in" takes it from there.
 */
public class SubmitOrder extends Service {
    @Override
    public void handle() {
        JsonNode order = request().payload();
        String id = order.path("orderId").asText("");
        if (!id.matches("[A-Za-z0-9-]{1,40}") || order.path("customer").asText("").isBlank()
                || !order.path("total").isNumber()) {
            throw new ClientErrorException(400, "an order needs orderId (1-40 letters, digits, -), customer and a numeric total");
        }
        outgoing().amqp().send(Map.of("orderId", id, "customer", order.path("customer").asText(),
                "total", order.path("total").decimalValue()), "Orders");
        response().setStatusCode(202);
        response().setPayload(Map.of("orderId", id, "queued", true, "cid", cid()));
    }
}
