package io.conduit.server.admin;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.Deployment;
import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.DeploymentStatus;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.openapi.OpenApiDocument;
import io.conduit.server.users.Permission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deployed services: {@code /conduit/admin/services} (list, deploy, show, undeploy) and
 * {@code /conduit/admin/deployments} (every deployment with its per-node status and errors).
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class ServicesResource {

    private static final Pattern PUBLIC_CLASS =
            Pattern.compile("public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|record)\\s+([\\p{L}_$][\\p{L}\\p{N}_$]*)");

    /** How one node fares with a deployment. */
    public record NodeStatus(String node, String status, int version, String error, Instant updatedAt) {
    }

    /** A service, the deployment it comes from, and how that fares on each node. */
    public record ServiceView(String name, String className, String deployment, String kind, int version,
                              String sha256, String deployedBy, Instant deployedAt, List<NodeStatus> nodes,
                              String source) {
    }

    /** A deployment (or a failed attempt at one) and how it fares on each node. */
    public record DeploymentView(String name, String kind, int version, String sha256, List<String> services,
                                 String deployedBy, Instant deployedAt, List<NodeStatus> nodes) {
    }

    /** What a deployment did. */
    public record DeployResponse(String deployment, int version, boolean changed, List<String> services) {
    }

    private final Deployer deployer;
    private final DeploymentStore store;
    private final ServiceRegistry registry;
    private final OpenApiDocument openApi;

    public ServicesResource(Deployer deployer, DeploymentStore store, ServiceRegistry registry,
                            OpenApiDocument openApi) {
        this.openApi = openApi;
        this.deployer = deployer;
        this.store = store;
        this.registry = registry;
    }

    @GET
    @Path("services")
    public List<ServiceView> list() {
        Map<String, List<NodeStatus>> statuses = statusesByDeployment();
        List<ServiceView> views = new ArrayList<>();
        for (DeploymentInfo d : store.list()) {
            for (String service : d.services()) {
                views.add(view(service, d, statuses.getOrDefault(d.name(), List.of()), null));
            }
        }
        views.sort(Comparator.comparing(ServiceView::name));
        return views;
    }

    /** A typed service's input and output as JSON Schema; nulls for an untyped service. */
    @GET
    @Path("services/{name}/schema")
    public Map<String, Object> schema(@PathParam("name") String name) {
        LoadedService loaded = registry.get(name);
        if (loaded == null) {
            throw new NotFoundException("no service named '" + name + "' is loaded on this node");
        }
        return openApi.schemas(loaded);
    }

    @GET
    @Path("services/{name}")
    public ServiceView get(@PathParam("name") String name) {
        DeploymentInfo info = store.list().stream().filter(d -> d.services().contains(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no service named '" + name + "' is deployed"));
        Deployment deployment = store.get(info.name())
                .orElseThrow(() -> new NotFoundException("no service named '" + name + "' is deployed"));
        String source = info.kind() == DeploymentInfo.Kind.JAVA
                ? new String(deployment.content(), StandardCharsets.UTF_8) : null;
        return view(name, deployment.info(), statusesByDeployment().getOrDefault(info.name(), List.of()), source);
    }

    /**
     * Deploys a {@code .java} source (text) or a {@code .jar} (bytes). The file name comes from
     * {@code ?name=} or {@code X-Conduit-File-Name}; for Java source it defaults to the public class's.
     */
    @POST
    @Path("services")
    @Consumes(MediaType.WILDCARD)
    public Response deploy(byte[] body, @QueryParam("name") String name,
                           @HeaderParam("X-Conduit-File-Name") String header,
                           @Context HttpServletRequest request) throws DeploymentException {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("the body must be the .java source or the .jar to deploy");
        }
        String fileName = name != null ? name : header != null ? header : guessFileName(body);
        String user = String.valueOf(request.getAttribute(BasicAuthFilter.USER));
        Deployer.Result result = deployer.deploy(fileName, body, user,
                "dashboard".equalsIgnoreCase(request.getHeader(KindResources.SOURCE_HEADER)) ? "dashboard" : "api",
                RequestOrigin.of(request), info -> {
                    // every service it brings, and every one the version it replaces had
                    info.services().forEach(service -> AccessFilter.require(request, Permission.CONFIGURE, service));
                    store.list().stream().filter(d -> d.name().equals(info.name())).flatMap(d -> d.services().stream())
                            .forEach(service -> AccessFilter.require(request, Permission.CONFIGURE, service));
                });
        DeploymentInfo d = result.deployment();
        request.setAttribute(AuditFilter.NAME, d.name());
        if (result.release() != null) {
            request.setAttribute(AuditFilter.RELEASE, result.release());
        }
        return Response.status(result.changed() ? 201 : 200)
                .entity(new DeployResponse(d.name(), d.version(), result.changed(), d.services())).build();
    }

    @DELETE
    @Path("services/{name}")
    public DeployResponse undeploy(@PathParam("name") String name, @Context HttpServletRequest request) {
        // the deployment goes as a whole: every service in it must be the caller's to remove
        AccessFilter.require(request, Permission.CONFIGURE, name);
        store.list().stream().filter(d -> d.services().contains(name)).flatMap(d -> d.services().stream())
                .forEach(service -> AccessFilter.require(request, Permission.CONFIGURE, service));
        DeploymentInfo removed = deployer.undeploy(name, String.valueOf(request.getAttribute(BasicAuthFilter.USER)))
                .orElseThrow(() -> new NotFoundException("no service named '" + name + "' is deployed"));
        return new DeployResponse(removed.name(), removed.version(), true, removed.services());
    }

    @GET
    @Path("deployments")
    public List<DeploymentView> deployments() {
        Map<String, List<NodeStatus>> statuses = statusesByDeployment();
        Map<String, DeploymentView> views = new LinkedHashMap<>();
        for (DeploymentInfo d : store.list()) {
            views.put(d.name(), new DeploymentView(d.name(), d.kind().name().toLowerCase(), d.version(), d.sha256(),
                    d.services(), d.deployedBy(), d.deployedAt(), statuses.getOrDefault(d.name(), List.of())));
        }
        statuses.forEach((deployment, nodes) -> views.putIfAbsent(deployment,
                new DeploymentView(deployment, null, 0, null, List.of(), null, null, nodes)));
        return List.copyOf(views.values());
    }

    private ServiceView view(String service, DeploymentInfo d, List<NodeStatus> nodes, String source) {
        LoadedService loaded = registry.get(service);
        return new ServiceView(service, loaded == null ? null : loaded.className(), d.name(),
                d.kind().name().toLowerCase(), d.version(), d.sha256(), d.deployedBy(), d.deployedAt(), nodes, source);
    }

    private Map<String, List<NodeStatus>> statusesByDeployment() {
        Map<String, List<NodeStatus>> byDeployment = new LinkedHashMap<>();
        for (DeploymentStatus s : store.statuses()) {
            byDeployment.computeIfAbsent(s.deployment(), k -> new ArrayList<>())
                    .add(new NodeStatus(s.node(), s.status(), s.version(), s.error(), s.updatedAt()));
        }
        return byDeployment;
    }

    private static String guessFileName(byte[] body) {
        if (body.length > 1 && body[0] == 'P' && body[1] == 'K') {
            throw new InvalidInputException("name the jar: POST /conduit/admin/services?name=my-services.jar");
        }
        Matcher m = PUBLIC_CLASS.matcher(new String(body, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new InvalidInputException("no public class found in the body; name the file with"
                    + " ?name=MyService.java");
        }
        return m.group(1) + ".java";
    }
}
