package io.conduit.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.conduit.api.Request;
import io.conduit.common.cid.Cids;
import io.conduit.common.error.ErrorBody;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.calls.CallRecord;
import io.conduit.server.calls.CallStore;
import io.conduit.server.channel.ChannelRoutes;
import io.conduit.server.channel.ChannelRouting;
import io.conduit.server.channel.ChannelServlet;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.UnknownServiceException;
import io.conduit.server.kvdb.RedisOutages;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /conduit/admin/calls}: the recorded calls (failed or slow), one call's record, and its
 * replay: the same request run again, now, on the service's current version.
 */
@Path("/admin/calls")
@Produces(MediaType.APPLICATION_JSON)
public final class CallsResource {

    private static final Set<String> OUTCOMES = Set.of("failed", "slow");

    /**
     * A replay's answer beside the recorded one.
     *
     * @param cid      the replay's own cid
     * @param original what the recorded call answered
     * @param replay   what the call answers now
     */
    public record Replay(String cid, CallRecord.Response original, Answer replay) {
    }

    /** What a replayed call answered. */
    public record Answer(int status, JsonNode body, double durationMs) {
    }

    private final CallStore store;
    private final Invoker invoker;
    private final ChannelRouting routing;
    private final ObjectMapper mapper;

    public CallsResource(CallStore store, Invoker invoker, ChannelRouting routing, ObjectMapper mapper) {
        this.store = store;
        this.invoker = invoker;
        this.routing = routing;
        this.mapper = mapper;
    }

    @GET
    public List<CallRecord.Summary> list(@QueryParam("service") String service, @QueryParam("outcome") String outcome,
                                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new InvalidInputException("outcome must be failed or slow, not '" + outcome + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
        }
        return RedisOutages.orUnavailable("the recorded calls cannot be read",
                () -> store.list(service == null || service.isBlank() ? null : service, outcome, limit));
    }

    @GET
    @Path("/{cid}")
    public CallRecord get(@PathParam("cid") String cid) {
        CallRecord record = RedisOutages.orUnavailable("the recorded calls cannot be read", () -> store.get(cid));
        if (record == null) {
            throw new NotFoundException("no recorded call has cid " + cid + "; only failed and slow calls are"
                    + " recorded, and each for calls.ttl (24 h by default)");
        }
        return record;
    }

    /** Runs the recorded request again, through the channel's service as it is deployed now. */
    @POST
    @Path("/{cid}/replay")
    public Replay replay(@PathParam("cid") String cid) {
        CallRecord record = get(cid);
        CallRecord.Request recorded = record.request();
        ChannelRoutes.Match match = routing.current().match(recorded.path());
        HttpChannel channel = match == null ? null : match.channel(recorded.method());
        if (channel == null) {
            throw new NotFoundException("no channel serves " + recorded.method() + " " + recorded.path()
                    + " now, so the call cannot be replayed");
        }
        JsonNode payload = recorded.body() != null ? recorded.body() : NullNode.getInstance();
        String raw = recorded.body() != null ? payload.toString() : recorded.text() == null ? "" : recorded.text();
        Request request = new Request(payload, raw, recorded.headers() == null ? Map.of() : recorded.headers(),
                ChannelServlet.query(recorded.query()), match.params(channel), null, mapper);
        String replayCid = Cids.next();
        long start = System.nanoTime();
        io.conduit.server.invoke.Answer answer;
        try {
            answer = invoker.answer(channel.service(), request, replayCid);
        } catch (UnknownServiceException e) {
            answer = new io.conduit.server.invoke.Answer(404, null,
                    new ErrorBody("service '" + channel.service() + "' is not deployed", replayCid));
        }
        Object body = answer.answered() ? answer.response().payload() : answer.error();
        return new Replay(replayCid, record.response(), new Answer(answer.status(),
                body == null ? null : mapper.valueToTree(body), (System.nanoTime() - start) / 1e6));
    }
}
