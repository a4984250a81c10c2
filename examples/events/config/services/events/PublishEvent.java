package events;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.ClientErrorException;
import io.conduit.api.KafkaConnection;
import io.conduit.api.Service;
import java.util.Map;

/**
 * POST /events: checks an event and writes it to Kafka through the outgoing connection "Events",
 * keyed by its id (an id's events keep their order); it returns once the broker has it. The Kafka
 * channel "events-in" takes it from there.
 */
public class PublishEvent extends Service {
    @Override
    public void handle() {
        JsonNode event = request().payload();
        String id = event.path("id").asText("");
        if (!id.matches("[A-Za-z0-9-]{1,40}") || event.path("type").asText("").isBlank()) {
            throw new ClientErrorException(400, "an event needs id (1-40 letters, digits, -) and type");
        }
        KafkaConnection.Sent sent = outgoing().kafka("Events").send(id, event);
        response().setStatusCode(202);
        response().setPayload(Map.of("id", id, "partition", sent.partition(), "offset", sent.offset(), "cid", cid()));
    }
}
