package orders;

import io.conduit.api.Service;

/**
 * Invoked by the AMQP channel "confirmations-in" with each confirmation TakeOrder published: keeps
 * it in the KVDB list "orders:confirmations" (newest first), where a mailer or a CRM would take over.
 */
public class RecordConfirmation extends Service {
    @Override
    public void handle() {
        kvdb().lpush("orders:confirmations", request().rawPayload());
    }
}
