package @PACKAGE@;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.Call;
import io.conduit.testing.ServiceHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hello, run as a node runs it: no cluster, the key/value DB in memory. */
class HelloTest {

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.of(Hello.class);

    @Test
    void greetsAndCounts() {
        harness.kvdb().set("@PACKAGE@:greetings", "41");

        Call call = harness.call("@SERVICE@", Map.of("name", "Ann"));

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.body(Hello.Greeting.class)).isEqualTo(new Hello.Greeting("Hello, Ann", 42));
        assertThat(call.logMessages()).containsExactly("greeting Ann (42 so far)");
    }

    @Test
    void aBlankNameIsA400NamingTheField() {
        Call call = harness.call("@SERVICE@", Map.of("name", " "));

        assertThat(call.status()).isEqualTo(400);
        assertThat(call.json().path("fields").get(0).path("field").asText()).isEqualTo("name");
        assertThat(harness.kvdb().keys()).isEmpty();
    }
}
