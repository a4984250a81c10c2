package survival;

import io.conduit.api.Service;

/** Its first attempt takes a minute (long enough to be killed); later ones finish at once. */
public class SlowOnce extends Service {
    @Override
    public void handle() throws Exception {
        String key = request().payload().path("key").asText();
        kvdb().lpush(key, "attempt " + attempt());
        if (attempt() == 1) {
            Thread.sleep(60_000);
        }
        kvdb().lpush(key, "done " + attempt());
    }
}
