package tutorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.HttpConnection;
import io.conduit.api.Service;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's service, deployed as {@code tutorial.get-client-details}: it asks CRM for a
 * customer's details and Payments for their last payment, answers with both, and sends customers
 * of the types listed in Redis to fraud detection.
 *
 * <pre>
 * cp examples/tutorial/GetClientDetails.java cluster/server1/pickup-dir/
 * curl localhost:11223/tutorial/first-service -d '{"cust_id":123, "cust_type":"A"}'
 * </pre>
 */
public class GetClientDetails extends Service {

    /** The Redis list of customer types that need a fraud check; business people edit it. */
    static final String FRAUD_CHECKED_TYPES = "myapp:fraud-detection:cust-type";

    @Override
    public void handle() {
        // 1. The JSON request, parsed: {"cust_id": 123, "cust_type": "A"}
        JsonNode request = request().payload();
        logger().info("Request: {}", request);
        logger().info("Request type: {}", request.getClass().getSimpleName());

        // 2. The backends, by the names an operator gave their connections: no address in the code.
        HttpConnection crm = outgoing().plainHttp().get("CRM");
        HttpConnection payments = outgoing().plainHttp().get("Payments");

        JsonNode customer = crm.send(request).data();
        logger().info("Customer details: {}", customer);

        JsonNode lastPayment = payments.send(request).data();
        logger().info("Last payment: {}", lastPayment);

        // 3. The response, from both answers.
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("first_name", customer.path("firstName").asText());
        response.put("last_name", customer.path("lastName").asText());
        response.put("last_payment_date", lastPayment.path("DATE").asText());
        response.put("last_payment_amount", lastPayment.path("AMOUNT").asText());
        logger().info("Response: {}", response);

        // 4. Fraud detection, fire and forget, for the customer types listed in Redis.
        //    (The first version of this tutorial hard-coded them: List.of("A", "B", "C").)
        List<String> fraudCheckedTypes = kvdb().lrange(FRAUD_CHECKED_TYPES, 0, -1);
        String customerType = request.path("cust_type").asText();
        if (fraudCheckedTypes.contains(customerType)) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("timestamp", Instant.now().toString());
            message.put("request", request.toString());
            message.put("response", response);
            outgoing().zmq().send(message, "Fraud detection");
        } else {
            logger().info("Skipped fraud detection for CID {}", cid());
        }

        // 5. Back to the caller.
        response().setPayload(response);
    }
}
