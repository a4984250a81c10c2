package survival;

import io.conduit.api.Service;
import java.util.Map;

/** Invokes survival.slow-once durably with its own payload and answers the invocation's cid. */
public class Trigger extends Service {
    @Override
    public void handle() {
        response().setPayload(Map.of("cid", invokeAsync("survival.slow-once", request().payload())));
    }
}
