package orders;

import io.conduit.api.Service;
import java.util.Map;

/** Creates the orders table if it does not exist; examples/orders/setup invokes it once. */
public class CreateSchema extends Service {
    @Override
    public void handle() {
        outgoing().sql("Orders DB").update("CREATE TABLE IF NOT EXISTS orders (order_id VARCHAR(40) PRIMARY KEY,"
                + " customer VARCHAR(200) NOT NULL, total NUMERIC(12, 2) NOT NULL, status VARCHAR(20) NOT NULL,"
                + " cid VARCHAR(40) NOT NULL, taken_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())");
        response().setPayload(Map.of("table", "orders"));
    }
}
