package events;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.Service;

/**
 * Takes an event from the Kafka channel "events-in" and records it in the KVDB list
 * "events:received", with the cid of the call that published it (the trace continues through
 * Kafka) and where it was in the topic. An event of type "poison" fails, to show retries and the
 * dead-letter topic.
 */
public class RecordEvent extends Service {
    @Override
    public void handle() {
        JsonNode event = request().payload();
        if (event.path("type").asText().equals("poison")) {
            throw new IllegalArgumentException("event " + event.path("id").asText() + " cannot be recorded");
        }
        kvdb().lpush("events:received", event.path("id").asText() + " " + event.path("type").asText() + " cid "
                + cid() + " partition " + request().header("kafka-partition") + " offset "
                + request().header("kafka-offset"));
    }
}
