package io.conduit.server.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.Request;
import io.conduit.api.Service;
import io.conduit.api.TypedService;
import io.conduit.server.invoke.InvalidRequestException.FieldError;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedInputsTest {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private final TypedInputs typed = new TypedInputs(MAPPER, Validators.newValidator());

    public record Query(@NotBlank @Pattern(regexp = "[0-9]+", message = "must be digits") String id,
                        @Min(1) @Max(100) Integer limit, String since, List<String> tag) {
    }

    public record Customer(String id, String name) {
    }

    public static class GetCustomer extends TypedService<Query, Customer> {
        @Override
        public Customer handle(Query query) {
            return new Customer(query.id(), "Acme");
        }
    }

    public abstract static class Middle<X> extends TypedService<X, Customer> {
    }

    public static class Deeper extends Middle<Query> {
        @Override
        public Customer handle(Query query) {
            return null;
        }
    }

    public static class Plain extends Service {
        @Override
        public void handle() {
        }
    }

    @Test
    void readsTheTypesOfTypedServicesOnly() {
        assertThat(typed.inputType(GetCustomer.class).getRawClass()).isEqualTo(Query.class);
        assertThat(typed.outputType(GetCustomer.class).getRawClass()).isEqualTo(Customer.class);
        assertThat(typed.inputType(Deeper.class).getRawClass()).isEqualTo(Query.class);
        assertThat(typed.inputType(Plain.class)).isNull();
    }

    @Test
    void bindsTheBodyThenThePathOverItThenTheQueryWhereTheBodyIsSilent() throws Exception {
        Query q = (Query) typed.bind(input(), request("{\"id\": \"1\", \"limit\": 5, \"since\": \"body\"}",
                Map.of("id", "42"), Map.of("limit", List.of("9"), "since", List.of("query"), "tag", List.of("a", "b"))));
        assertThat(q).isEqualTo(new Query("42", 5, "body", List.of("a", "b")));
        Query fromQuery = (Query) typed.bind(input(), request("", Map.of("id", "7"), Map.of("limit", List.of("3"))));
        assertThat(fromQuery.limit()).isEqualTo(3);
    }

    @Test
    void listsEveryFieldThatBreaksAConstraint() throws Exception {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> typed.bind(input(), request("{\"limit\": 500}", Map.of("id", "x1"), Map.of())));
        assertThat(e.getMessage()).isEqualTo("2 fields are not valid");
        assertThat(e.fields()).containsExactly(new FieldError("id", "must be digits"),
                new FieldError("limit", "must be less than or equal to 100"));
    }

    @Test
    void saysWhichFieldDoesNotBind() throws Exception {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> typed.bind(input(), request("", Map.of("id", "1"), Map.of("limit", List.of("ten")))));
        assertThat(e.fields()).containsExactly(new FieldError("limit", "must be an integer"));
        InvalidRequestException array = catchThrowableOfType(InvalidRequestException.class,
                () -> typed.bind(input(), request("[1]", Map.of(), Map.of())));
        assertThat(array.getMessage()).contains("must be a JSON object");
    }

    private JavaType input() {
        return typed.inputType(GetCustomer.class);
    }

    private static Request request(String body, Map<String, String> path, Map<String, List<String>> query)
            throws Exception {
        JsonNode payload = body.isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(body);
        return new Request(payload, body, Map.of(), query, path, null, MAPPER);
    }
}
