package io.conduit.api;

/**
 * A service with a declared input and output type, for REST channels.
 *
 * <p>Before {@link #handle(Object)} runs, the server binds the request to {@code I}: the JSON body,
 * then the path parameters (which win over the body) and the query parameters (where the body has
 * no such field), matched by name. It then checks the input's Jakarta Bean Validation constraints
 * ({@code @NotBlank}, {@code @Size}, {@code @Min}, {@code @Pattern}...). An input that does not
 * bind or validate never reaches the service: the caller gets a 400 that lists every field error,
 * {@code {"error", "cid", "fields": [{"field", "message"}]}}. What {@code handle} returns is the
 * response payload. The types also describe the channel in the cluster's OpenAPI document.
 *
 * <pre>{@code
 * public record CustomerQuery(@NotBlank String id, @Min(1) @Max(100) Integer limit) { }
 * public record Customer(String id, String name) { }
 *
 * public class GetCustomer extends TypedService<CustomerQuery, Customer> {
 *     public Customer handle(CustomerQuery query) {
 *         return new Customer(query.id(), "Acme");
 *     }
 * }
 * }</pre>
 *
 * @param <I> the input type: a record or a class Jackson can bind
 * @param <O> the output type: anything Jackson can write
 */
public abstract class TypedService<I, O> extends Service {

    /**
     * Does the service's work.
     *
     * @param input the request, bound and validated
     * @return the response payload ({@code null} answers 204); {@link #response()} can still set the
     *         status code and headers
     * @throws Exception anything the service does not handle itself: a 500 with the cid
     */
    public abstract O handle(I input) throws Exception;

    /** Hands the bound input to {@link #handle(Object)} and its result to the response. */
    @Override
    @SuppressWarnings("unchecked")
    public final void handle() throws Exception {
        response().setPayload(handle((I) input()));
    }
}
