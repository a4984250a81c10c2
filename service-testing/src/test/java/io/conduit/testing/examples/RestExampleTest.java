package io.conduit.testing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.api.Principal;
import io.conduit.testing.Call;
import io.conduit.testing.ServiceHarness;
import io.conduit.testing.TestRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/rest: typed services, their validation answered as a node answers it, path and query parameters. */
class RestExampleTest {

    private static final Path REST = Path.of("../examples/rest");

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.source(REST.resolve("GetCustomer.java"),
            REST.resolve("PutCustomer.java"), REST.resolve("GetPayments.java"));

    @Test
    void aCustomerPutIsReadBack() {
        Call put = harness.call("rest.put-customer", TestRequest.of(Map.of("name", "Ann Lee", "email", "ann@example.com"))
                .pathParam("id", "42").principal(new Principal("billing", "jwt", Map.of())));
        Call get = harness.call("rest.get-customer", TestRequest.of(null).pathParam("id", "42"));

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.logMessages()).containsExactly("customer 42 stored by billing");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json()).hasToString("{\"id\":\"42\",\"name\":\"Ann Lee\",\"email\":\"ann@example.com\",\"tier\":\"standard\"}");
    }

    @Test
    void anInvalidCustomerIsA400NamingEachField() {
        Call put = harness.call("rest.put-customer", TestRequest.of(Map.of("name", "", "email", "not-an-email",
                "tier", "platinum")).pathParam("id", "x1"));

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().path("fields").findValuesAsText("field")).containsExactlyInAnyOrder("id", "name", "email", "tier");
        assertThat(harness.kvdb().keys()).isEmpty();
    }

    @Test
    void anUnknownCustomerIsA404ThatSaysWhatToDo() {
        Call get = harness.call("rest.get-customer", TestRequest.of(null).pathParam("id", "7"));

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.error()).isEqualTo("no customer 7; PUT /customers/7 first");
    }

    @Test
    void paymentsFollowTheQueryAndTheCaller() {
        Call payments = harness.call("rest.get-payments", TestRequest.of(null).pathParam("id", "5")
                .query("since", "2026-06-01").query("limit", "2").principal(new Principal("ops", "basic", Map.of())));
        Call badLimit = harness.call("rest.get-payments", TestRequest.of(null).pathParam("id", "5").query("limit", "500"));

        assertThat(payments.status()).isEqualTo(200);
        assertThat(payments.json().path("requestedBy").asText()).isEqualTo("ops");
        assertThat(payments.json().path("payments").findValuesAsText("date")).containsExactly("2026-06-06", "2026-07-06");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("fields").findValuesAsText("field")).containsExactly("limit");
    }
}
