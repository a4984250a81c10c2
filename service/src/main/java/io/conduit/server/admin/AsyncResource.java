package io.conduit.server.admin;

import io.conduit.server.async.DeadLetter;
import io.conduit.server.async.DurableQueue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Durable invocations that failed every attempt: {@code /conduit/admin/async/dead-letters}. */
@Path("/admin/async/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public final class AsyncResource {

    private final DurableQueue queue;

    public AsyncResource(DurableQueue queue) {
        this.queue = queue;
    }

    @GET
    public List<DeadLetter> list() {
        return queue.deadLetters();
    }

    /** Runs it again from its first attempt, on any node. */
    @POST
    @Path("{id}/replay")
    public Map<String, String> replay(@PathParam("id") String id) {
        if (!queue.replay(id)) {
            throw new NotFoundException("no dead letter " + id);
        }
        return Map.of("replayed", id);
    }

    @DELETE
    @Path("{id}")
    public Response discard(@PathParam("id") String id) {
        if (!queue.discard(id)) {
            throw new NotFoundException("no dead letter " + id);
        }
        return Response.noContent().build();
    }
}
