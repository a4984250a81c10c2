package io.conduit.lb.api;

import io.conduit.common.error.InvalidInputException;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.haproxy.ServerHistory;
import io.conduit.lb.haproxy.ServerStat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The LB agent's API, under {@code /lb}: HAProxy's status, the nodes' servers and what can be done
 * to them, and the configuration (show, validate, save with a graceful reload).
 */
@Path("/lb")
@Produces(MediaType.APPLICATION_JSON)
public final class LoadBalancerResource {

    /** A server to add. */
    public record NewServer(String name, String host, Integer port) {
    }

    /** A state to put a server in: {@code ready}, {@code drain} or {@code maint}. */
    public record NewState(String state) {
    }

    /** The configuration repo's text and where it is. */
    public record ConfigText(String path, String text) {
    }

    private final Haproxy haproxy;
    private final String configPath;
    private final ServerHistory history;

    public LoadBalancerResource(Haproxy haproxy, String configPath, ServerHistory history) {
        this.haproxy = haproxy;
        this.configPath = configPath;
        this.history = history;
    }

    /** Each server's requests served and state every few seconds while the agent ran, and its changes of state. */
    @GET
    @Path("history")
    public ServerHistory.View history() {
        return history.view();
    }

    @GET
    @Path("status")
    public Haproxy.Status status() {
        return haproxy.status();
    }

    @GET
    @Path("servers")
    public List<ServerStat> servers() {
        return haproxy.servers();
    }

    @POST
    @Path("servers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(NewServer server) {
        if (server == null || server.name() == null || server.host() == null || server.port() == null) {
            throw new InvalidInputException("send {\"name\", \"host\", \"port\"}");
        }
        haproxy.addServer(server.name(), server.host(), server.port());
        history.lookNow();
        return Response.created(URI.create("/lb/servers/" + server.name())).entity(server).build();
    }

    @DELETE
    @Path("servers/{name}")
    public Response remove(@PathParam("name") String name) {
        haproxy.removeServer(name);
        history.lookNow();
        return Response.noContent().build();
    }

    @PUT
    @Path("servers/{name}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> state(@PathParam("name") String name, NewState state) {
        if (state == null || state.state() == null) {
            throw new InvalidInputException("send {\"state\": \"ready\" | \"drain\" | \"maint\"}");
        }
        haproxy.setState(name, state.state());
        history.lookNow();
        return Map.of("server", name, "state", state.state());
    }

    @POST
    @Path("servers/{name}/enable")
    public Map<String, String> enable(@PathParam("name") String name) {
        return state(name, new NewState("ready"));
    }

    @POST
    @Path("servers/{name}/disable")
    public Map<String, String> disable(@PathParam("name") String name) {
        return state(name, new NewState("maint"));
    }

    @POST
    @Path("servers/{name}/drain")
    public Map<String, String> drain(@PathParam("name") String name) {
        return state(name, new NewState("drain"));
    }

    @POST
    @Path("reload")
    public Map<String, Object> reload() {
        return Map.of("reloaded", true, "pid", haproxy.reload());
    }

    @GET
    @Path("config")
    public ConfigText config() {
        return new ConfigText(configPath, haproxy.config());
    }

    @POST
    @Path("config/validate")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Haproxy.Validation validate(String text) {
        return haproxy.validate(requireText(text));
    }

    @PUT
    @Path("config")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Map<String, Object> save(String text) {
        long pid = haproxy.save(requireText(text));
        return Map.of("saved", true, "path", configPath, "pid", pid);
    }

    private static String requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("send the whole configuration as text/plain");
        }
        return text;
    }
}
