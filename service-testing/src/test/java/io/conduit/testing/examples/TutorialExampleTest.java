package io.conduit.testing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.api.OutgoingException.Reason;
import io.conduit.testing.Call;
import io.conduit.testing.ServiceHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** examples/tutorial/GetClientDetails.java, compiled as a node compiles it, with CRM and Payments faked. */
class TutorialExampleTest {

    @RegisterExtension
    static final ServiceHarness harness = ServiceHarness.source(Path.of("../examples/tutorial/GetClientDetails.java"));

    @BeforeEach
    void setUp() {
        harness.http("CRM").configured("POST", "/crm/client");
        harness.http("Payments").configured("POST", "/payments/last");
        harness.zmq("Fraud detection");
        harness.kvdb().rpush("myapp:fraud-detection:cust-type", "A", "D");
    }

    private static void crmKnowsJane() {
        harness.http("CRM").on("POST").withBody(Map.of("cust_id", 123, "cust_type", "A"))
                .reply(200, "{\"firstName\": \"Jane\", \"lastName\": \"Doe\"}");
    }

    private static void paymentsAnswer() {
        harness.http("Payments").reply(200, Map.of("DATE", "2026-11-30", "AMOUNT", "12.50"));
    }

    @Test
    void answersWithTheCustomerAndTheLastPayment() {
        crmKnowsJane();
        paymentsAnswer();

        Call call = harness.call("tutorial.get-client-details", "{\"cust_id\":123, \"cust_type\":\"A\"}");

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.json()).hasToString("{\"first_name\":\"Jane\",\"last_name\":\"Doe\","
                + "\"last_payment_date\":\"2026-11-30\",\"last_payment_amount\":\"12.50\"}");
        assertThat(harness.http("CRM").request().headers()).containsEntry("X-Conduit-CID", call.cid());
        assertThat(call.logMessages()).contains("Request: {\"cust_id\":123,\"cust_type\":\"A\"}",
                "Customer details: {\"firstName\":\"Jane\",\"lastName\":\"Doe\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B", "C", "D", "E"})
    void pushesToFraudDetectionOnlyTheTypesListedInTheKvdb(String type) {
        harness.http("CRM").reply(200, Map.of("firstName", "Jo", "lastName", "Roe"));
        paymentsAnswer();

        Call call = harness.call("tutorial.get-client-details", Map.of("cust_id", 7, "cust_type", type));

        assertThat(call.status()).isEqualTo(200);
        boolean listed = type.equals("A") || type.equals("D");
        assertThat(harness.zmq("Fraud detection").messages()).hasSize(listed ? 1 : 0);
        if (listed) {
            assertThat(harness.zmq("Fraud detection").messages().get(0).path("response").path("first_name").asText())
                    .isEqualTo("Jo");
        } else {
            assertThat(call.logMessages()).contains("Skipped fraud detection for CID " + call.cid());
        }
    }

    @Test
    void aPaymentsBackendThatFailsIsA502NamingIt() {
        crmKnowsJane();
        harness.http("Payments").reply(503, "down for maintenance");

        Call call = harness.call("tutorial.get-client-details", Map.of("cust_id", 123, "cust_type", "A"));

        assertThat(call.status()).isEqualTo(502);
        assertThat(call.error()).startsWith("service 'tutorial.get-client-details' failed: outgoing connection"
                + " 'Payments' (POST http://Payments.fake/payments/last) answered 503: down for maintenance");
        assertThat(call.json().path("cid").asText()).isEqualTo(call.cid());
        assertThat(harness.zmq("Fraud detection").messages()).isEmpty();
    }

    @Test
    void aCrmSlowerThanItsTimeoutIsA504() {
        harness.http("CRM").timeout(Duration.ofSeconds(5)).reply(200, Map.of()).after(Duration.ofSeconds(6));

        Call call = harness.call("tutorial.get-client-details", Map.of("cust_id", 123, "cust_type", "A"));

        assertThat(call.status()).isEqualTo(504);
        assertThat(call.error()).contains("'CRM'", "did not answer within 5000 ms");
    }

    @Test
    void aCrmThatCannotBeReachedIsA502() {
        harness.http("CRM").onAnyRequest().fail(Reason.UNREACHABLE);

        Call call = harness.call("tutorial.get-client-details", Map.of("cust_id", 123, "cust_type", "A"));

        assertThat(call.status()).isEqualTo(502);
        assertThat(call.error()).contains("'CRM'", "could not connect");
        assertThat(call.logs()).anySatisfy(line -> assertThat(line.level()).isEqualTo("ERROR"));
    }
}
