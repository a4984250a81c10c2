package io.conduit.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.conduit.server.deploy.CompileDiagnostic;
import java.util.List;

/**
 * The body of every admin API error.
 *
 * @param error       what went wrong and, where it helps, what to do
 * @param cid         the request's correlation id, as in the server log
 * @param diagnostics the compiler's errors, for a deployment that does not compile
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AdminError(String error, String cid, List<CompileDiagnostic> diagnostics) {

    public AdminError(String error, String cid) {
        this(error, cid, List.of());
    }
}
