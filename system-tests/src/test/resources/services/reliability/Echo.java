package reliability;

import io.conduit.api.Service;
import java.util.Map;

/** Answers with its request: a call that needs no backend, no KVDB and no ODB. */
public class Echo extends Service {
    @Override
    public void handle() {
        response().setPayload(Map.of("echo", request().payload()));
    }
}
