package @PACKAGE@;

import io.conduit.api.TypedService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Deployed as {@code @SERVICE@}, exposed by config/channels-http.yaml on POST /@PACKAGE@/hello:
 * greets a caller by name and counts the greetings in the key/value DB.
 */
public class Hello extends TypedService<Hello.Who, Hello.Greeting> {

    /** The request: {"name": "Ann"}. A blank or too long name is answered 400, naming the field. */
    public record Who(@NotBlank @Size(max = 50) String name) {
    }

    /** The answer. */
    public record Greeting(String greeting, long count) {
    }

    @Override
    public Greeting handle(Who who) {
        long count = kvdb().incr("@PACKAGE@:greetings");
        logger().info("greeting {} ({} so far)", who.name(), count);
        return new Greeting("Hello, " + who.name(), count);
    }
}
