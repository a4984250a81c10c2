package rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.TypedService;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** PUT /customers/{id}: creates or replaces a customer, kept in the cluster's Redis. */
public class PutCustomer extends TypedService<PutCustomer.CustomerUpdate, PutCustomer.StoredCustomer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body, with {id} from the path. */
    public record CustomerUpdate(
            @Pattern(regexp = "[0-9]{1,12}", message = "must be 1 to 12 digits") String id,
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email String email,
            @Pattern(regexp = "standard|gold", message = "must be standard or gold") String tier) {
    }

    /** What is stored and answered. */
    public record StoredCustomer(String id, String name, String email, String tier) {
    }

    @Override
    public StoredCustomer handle(CustomerUpdate update) throws Exception {
        StoredCustomer customer = new StoredCustomer(update.id(), update.name(), update.email(),
                update.tier() == null ? "standard" : update.tier());
        kvdb().set("rest:customer:" + customer.id(), JSON.writeValueAsString(customer));
        logger().info("customer {} stored by {}", customer.id(),
                request().principal() == null ? "anyone" : request().principal().name());
        return customer;
    }
}
