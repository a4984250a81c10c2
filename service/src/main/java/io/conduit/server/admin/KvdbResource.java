package io.conduit.server.admin;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.kvdb.KvdbConsole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Remote commands: {@code POST /conduit/admin/kvdb/commands} runs one allowed command and answers
 * as redis-cli shows it; {@code GET} lists the last 100 commands.
 */
@Path("/admin/kvdb/commands")
@Produces(MediaType.APPLICATION_JSON)
public final class KvdbResource {

    /** {@code {"command": "LPUSH key value"}} */
    public record CommandInput(String command) {
    }

    private final KvdbConsole console;

    public KvdbResource(KvdbConsole console) {
        this.console = console;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public KvdbConsole.Result run(CommandInput input, @Context HttpServletRequest request) {
        if (input == null || input.command() == null) {
            throw new InvalidInputException("send {\"command\": \"...\"}, e.g. {\"command\": \"LRANGE mylist 0 -1\"}");
        }
        return console.run(input.command(), String.valueOf(request.getAttribute(BasicAuthFilter.USER)));
    }

    @GET
    public List<KvdbConsole.HistoryEntry> history() {
        return console.history();
    }
}
