package io.conduit.server.admin;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.release.AuditTrail;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /conduit/admin/audit}: every write through the admin API, newest first, each with its
 * release's field changes (secrets only as changed). {@code ?limit=} (default 100, at most 1000) and
 * {@code ?before=} (an ISO instant, the {@code at} of the last entry seen) page through them.
 */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {

    private static final int MAX = 1000;

    private final AuditTrail trail;

    public AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    public List<AuditTrail.Entry> list(@QueryParam("limit") Integer limit, @QueryParam("before") String before) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX) {
            throw new InvalidInputException("limit must be between 1 and " + MAX + ", not " + n);
        }
        Instant until = null;
        if (before != null && !before.isBlank()) {
            try {
                until = Instant.parse(before.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("before must be an ISO instant such as 2026-12-07T08:00:00Z, not '"
                        + before + "'");
            }
        }
        return trail.list(n, until);
    }
}
