package rest;

import io.conduit.api.TypedService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** GET /customers/{id}/payments?since=2026-01-01&limit=10: a customer's payments (made up here). */
public class GetPayments extends TypedService<GetPayments.PaymentsQuery, GetPayments.Payments> {

    /** {id} from the path; since and limit from the query string. */
    public record PaymentsQuery(
            @Pattern(regexp = "[0-9]{1,12}", message = "must be 1 to 12 digits") String id,
            @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date, YYYY-MM-DD") String since,
            @Min(1) @Max(100) Integer limit) {
    }

    /** One payment. */
    public record Payment(String date, long amountCents, String currency) {
    }

    /** The answer: who asked (the token's subject) and the payments. */
    public record Payments(String customer, String requestedBy, List<Payment> payments) {
    }

    @Override
    public Payments handle(PaymentsQuery query) {
        LocalDate since = query.since() == null ? LocalDate.of(2026, 1, 1) : LocalDate.parse(query.since());
        int limit = query.limit() == null ? 10 : query.limit();
        List<Payment> payments = new ArrayList<>();
        long seed = Long.parseLong(query.id());
        for (int month = 1; month <= 12 && payments.size() < limit; month++) {
            LocalDate date = LocalDate.of(2026, month, 1 + (int) (seed % 28));
            if (!date.isBefore(since)) {
                payments.add(new Payment(date.toString(), 1000 + (seed * month) % 9000, "EUR"));
            }
        }
        String who = request().principal() == null ? null : request().principal().name();
        return new Payments(query.id(), who, payments);
    }
}
