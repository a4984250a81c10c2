package orders;

import io.conduit.api.ClientErrorException;
import io.conduit.api.Service;

/** GET /orders/{id}: the order as PostgreSQL has it, or 404 while it is still queued. */
public class GetOrder extends Service {
    @Override
    public void handle() {
        String id = request().pathParam("id");
        response().setPayload(outgoing().sql("Orders DB")
                .queryOne("SELECT order_id, customer, total, status, cid, taken_at FROM orders WHERE order_id = ?", id)
                .orElseThrow(() -> new ClientErrorException(404, "no order " + id + " (yet)")));
    }
}
