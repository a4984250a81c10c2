package survival;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.Service;

/**
 * Takes an order from an AMQP channel: after "sleepMs" of work, records its id in the KVDB list
 * named by "key", and in "key:redelivered" too when the broker delivered it again.
 */
public class TakeOrder extends Service {
    @Override
    public void handle() throws Exception {
        JsonNode order = request().payload();
        Thread.sleep(order.path("sleepMs").asInt()); // stands for work that takes time
        String key = order.path("key").asText();
        kvdb().lpush(key, order.path("id").asText());
        if ("true".equals(request().header("amqp-redelivered"))) {
            kvdb().lpush(key + ":redelivered", order.path("id").asText());
        }
    }
}
