package survival;

import io.conduit.api.Service;

/**
 * Takes a file of a file channel: records its name in the KVDB list "survival:files"; a file whose
 * name starts with "hold" is first recorded in "survival:holding", then held (the service polls the
 * KVDB key "release:NAME" for up to a minute) until the test lets it go; a file whose content starts
 * with FAIL fails.
 */
public class TakeFile extends Service {
    @Override
    public void handle() throws Exception {
        String name = request().file().name();
        if (request().rawPayload().startsWith("FAIL")) {
            throw new IllegalStateException(name + " fails on purpose");
        }
        if (name.startsWith("hold")) {
            kvdb().lpush("survival:holding", name);
            long deadline = System.currentTimeMillis() + 60_000;
            while (kvdb().get("release:" + name) == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50); // a service busy with a long file, until the test lets it go
            }
        }
        kvdb().lpush("survival:files", name);
    }
}
