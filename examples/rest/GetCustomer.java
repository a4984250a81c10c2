package rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.ClientErrorException;
import io.conduit.api.TypedService;
import jakarta.validation.constraints.Pattern;

/** GET /customers/{id}: a customer that PUT /customers/{id} stored, from the cluster's Redis. */
public class GetCustomer extends TypedService<GetCustomer.CustomerKey, GetCustomer.Customer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The path's {id}. */
    public record CustomerKey(@Pattern(regexp = "[0-9]{1,12}", message = "must be 1 to 12 digits") String id) {
    }

    /** What the caller gets. */
    public record Customer(String id, String name, String email, String tier) {
    }

    @Override
    public Customer handle(CustomerKey key) throws Exception {
        String stored = kvdb().get("rest:customer:" + key.id());
        if (stored == null) {
            throw new ClientErrorException(404, "no customer " + key.id() + "; PUT /customers/" + key.id() + " first");
        }
        return JSON.readValue(stored, Customer.class);
    }
}
