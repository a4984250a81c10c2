package reliability;

import io.conduit.api.Service;
import java.util.Map;

/** Says which version of it answered, twice, so a response made half by one version and half by another shows. */
public class Versioned extends Service {

    private static final String VERSION = "v1";

    @Override
    public void handle() {
        String greeting = "hello from " + VERSION;
        response().setPayload(Map.of("version", VERSION, "greeting", greeting));
    }
}
