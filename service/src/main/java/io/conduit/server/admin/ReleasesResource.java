package io.conduit.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.config.Change;
import io.conduit.server.config.ConfigJson;
import io.conduit.server.config.ConfigSchema;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.Configured;
import io.conduit.server.config.InvalidConfigException;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Problem;
import io.conduit.server.config.Release;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.odb.NoSuchEntryException;
import io.conduit.server.release.Releases;
import io.conduit.server.users.Caller;
import io.conduit.server.users.Permission;
import io.conduit.server.users.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration as code: the whole configuration ({@code GET /conduit/admin/config}, secrets as
 * placeholders), its JSON Schema, and releases: apply a whole config directory with its services
 * ({@code POST /conduit/admin/releases}), list them, show one with its changes, roll back to one.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class ReleasesResource {

    /**
     * An apply: the config directory as JSON.
     *
     * @param baseRelease the release the directory was diffed against; refused (409) if another came since
     * @param config      kind key ({@code channels-http}) to the objects of that kind, secrets in clear
     * @param services    a service file's path under {@code services/} to its bytes, base64
     * @param prune       whether objects and services the directory lacks are removed
     * @param dryRun      only check and say what would change
     */
    public record ApplyRequest(Long baseRelease, Map<String, JsonNode> config, Map<String, String> services,
                               boolean prune, boolean dryRun) {
    }

    /** What an apply, a dry run or a rollback did: the release made (null if none) and the changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReleaseResponse(Long release, List<Change> changes) {
    }

    /** A release in the list: without its changes. */
    public record ReleaseRow(long number, Instant at, String by, String source, String from, String summary) {
    }

    private final Releases releases;
    private final ConfigStore store;
    private final DeploymentStore deployments;
    private final Deployer deployer;
    private final ConfigJson json;
    private final ConfigSchema schema;

    public ReleasesResource(Releases releases, DeploymentStore deployments, Deployer deployer, ConfigJson json) {
        this.releases = releases;
        this.store = releases.store();
        this.deployments = deployments;
        this.deployer = deployer;
        this.json = json;
        this.schema = new ConfigSchema(store.kinds());
    }

    /**
     * The whole configuration as an export writes it: each kind's objects (defaults left out,
     * secrets as {@code ${VAR}}), and each deployed service's file, base64, under its path.
     */
    @GET
    @Path("config")
    public ObjectNode config() {
        ConfigStore.Snapshot now = store.snapshot();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("release", now.version());
        ObjectNode config = answer.putObject("config");
        for (Kind<?> kind : store.kinds().all()) {
            ArrayNode objects = config.putArray(kind.key());
            exported(kind, now.configuration()).forEach(objects::add);
        }
        ObjectNode services = answer.putObject("services");
        for (DeploymentInfo d : deployments.list()) {
            deployments.get(d.name()).ifPresent(full -> services.put(servicePath(d),
                    Base64.getEncoder().encodeToString(full.content())));
        }
        return answer;
    }

    private <T extends Configured> List<ObjectNode> exported(Kind<T> kind, Configuration configuration) {
        return configuration.list(kind).stream().map(o -> json.exported(kind, o)).toList();
    }

    /** @return where a deployment's file goes under {@code services/}: its package path, then its name */
    private static String servicePath(DeploymentInfo d) {
        return d.name();
    }

    /** The JSON Schema of every kind. */
    @GET
    @Path("config/schema")
    public ObjectNode schema() {
        return schema.document();
    }

    @GET
    @Path("releases")
    public List<ReleaseRow> list(@QueryParam("limit") Integer limit) {
        return store.releases(limit == null ? 100 : Math.max(1, Math.min(limit, 10_000))).stream()
                .map(r -> new ReleaseRow(r.number(), r.at(), r.by(), r.source(), r.from(), r.summary())).toList();
    }

    @GET
    @Path("releases/{number}")
    public Release get(@PathParam("number") long number) {
        return store.release(number).orElseThrow(() -> new NoSuchEntryException("no release numbered " + number));
    }

    @POST
    @Path("releases/{number}/rollback")
    public ReleaseResponse rollback(@PathParam("number") long number, @Context HttpServletRequest request) {
        Releases.Outcome outcome = releases.rollback(number, author(request, "rollback"));
        AuditFilter.made(request, outcome);
        return response(outcome);
    }

    /** Applies a config directory: everything is checked first; then one release, or nothing. */
    @POST
    @Path("releases")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReleaseResponse apply(ApplyRequest apply, @Context HttpServletRequest request) {
        if (apply == null) {
            throw new InvalidInputException("a JSON apply is required: {\"baseRelease\", \"config\", \"services\","
                    + " \"prune\", \"dryRun\"}");
        }
        String by = String.valueOf(request.getAttribute(BasicAuthFilter.USER));
        List<Problem> problems = new ArrayList<>();
        ConfigStore.Snapshot now = store.snapshot();
        Configuration wanted = wanted(apply, now.configuration(), problems);

        List<DeploymentInfo> current = deployments.list();
        List<Deployer.Prepared> deploy = new ArrayList<>();
        Map<String, String> files = apply.services() == null ? Map.of() : apply.services();
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
            String path = file.getKey();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            try {
                byte[] bytes = Base64.getDecoder().decode(file.getValue());
                deploy.add(deployer.prepare(fileName, bytes, by, List.of()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("services", path, null, "is not base64: " + e.getMessage()));
            } catch (DeploymentException e) {
                problems.add(new Problem("services", path, null, e.report()));
            }
        }
        Set<String> kept = new HashSet<>();
        deploy.forEach(p -> kept.add(p.info().name()));
        Set<String> undeploy = new HashSet<>();
        if (apply.prune()) {
            current.stream().map(DeploymentInfo::name).filter(n -> !kept.contains(n)).forEach(undeploy::add);
        }
        Map<String, String> providers = new HashMap<>();
        for (DeploymentInfo d : current) {
            if (!kept.contains(d.name()) && !undeploy.contains(d.name())) {
                d.services().forEach(s -> providers.put(s, d.name()));
            }
        }
        for (Deployer.Prepared p : deploy) {
            for (String service : p.info().services()) {
                String other = providers.putIfAbsent(service, p.info().name());
                if (other != null) {
                    problems.add(new Problem("services", p.info().name(), null, "provides service '" + service
                            + "', which " + other + " provides too; remove one"));
                }
            }
        }
        if (!problems.isEmpty()) {
            // what is wrong with the objects that could be read, too: every mistake at once
            problems.addAll(wanted.problems(providers::containsKey, brought(apply)));
            throw new InvalidConfigException(problems);
        }
        Releases.Plan plan = new Releases.Plan(wanted, deploy, undeploy);
        Long base = apply.baseRelease();
        Caller caller = AccessFilter.caller(request);
        if (caller != null && !caller.may(Permission.ADMIN, null) && !apply.dryRun()) {
            // a developer's apply: every change within its scope, checked on what the apply would do now
            Releases.Outcome would = releases.apply(base, plan, providers::containsKey, brought(apply),
                    author(request, "apply"), true);
            for (Change change : would.changes()) {
                if (!change.kind().equals("services")) {
                    AccessFilter.require(request, change.kind().equals(User.KIND.key()) ? Permission.ADMIN
                            : Permission.CONFIGURE, change.name());
                    continue;
                }
                // a deployment changes as a whole: every service it brings and every one it had
                java.util.stream.Stream.concat(deploy.stream().map(Deployer.Prepared::info), current.stream())
                        .filter(d -> d.name().equals(change.name())).flatMap(d -> d.services().stream())
                        .forEach(service -> AccessFilter.require(request, Permission.CONFIGURE, service));
            }
            base = now.version();
        }
        Releases.Outcome outcome = releases.apply(base, plan, providers::containsKey, brought(apply),
                author(request, "apply"), apply.dryRun());
        AuditFilter.made(request, outcome);
        return response(outcome);
    }

    /**
     * @return whose names of services an apply checks: every object when it prunes (the directory is
     *     the whole), else the objects it brings (an object an admin API write made may name a service
     *     that comes later)
     */
    private static java.util.function.BiPredicate<String, String> brought(ApplyRequest apply) {
        if (apply.prune()) {
            return (kind, name) -> true;
        }
        Map<String, java.util.Set<String>> names = new HashMap<>();
        (apply.config() == null ? Map.<String, JsonNode>of() : apply.config()).forEach((kind, objects) -> objects
                .forEach(o -> names.computeIfAbsent(kind, k -> new HashSet<>()).add(o.path("name").asText())));
        return (kind, name) -> names.getOrDefault(kind, java.util.Set.of()).contains(name);
    }

    /** @return the configuration the apply asks for: the given objects over the current ones (or alone, pruning) */
    private Configuration wanted(ApplyRequest apply, Configuration current, List<Problem> problems) {
        Configuration wanted = apply.prune() ? Configuration.empty(store.kinds()) : current;
        Map<String, JsonNode> config = apply.config() == null ? Map.of() : apply.config();
        for (Map.Entry<String, JsonNode> entry : config.entrySet()) {
            var kind = store.kinds().byKey(entry.getKey());
            if (kind.isEmpty()) {
                problems.add(new Problem(entry.getKey(), null, null, "is not a kind of configuration; the kinds are "
                        + String.join(", ", store.kinds().keys())));
                continue;
            }
            if (!entry.getValue().isArray()) {
                problems.add(new Problem(entry.getKey(), null, null, "must be a list of objects"));
                continue;
            }
            wanted = withAll(kind.get(), entry.getValue(), wanted, problems);
        }
        return wanted;
    }

    private <T extends Configured> Configuration withAll(Kind<T> kind, JsonNode objects, Configuration into,
                                                         List<Problem> problems) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Configuration wanted = into;
        int index = 0;
        for (Iterator<JsonNode> it = objects.elements(); it.hasNext(); index++) {
            JsonNode given = it.next();
            try {
                T object = json.bind(kind, given);
                Integer first = seen.putIfAbsent(object.name(), index);
                if (first != null) {
                    problems.add(new Problem(kind.key(), object.name(), "name", "is taken by object " + (first + 1)
                            + " of the list too").at(index));
                }
                wanted = wanted.with(kind, object);
            } catch (InvalidConfigException e) {
                for (Problem p : e.problems()) {
                    problems.add(p.at(index));
                }
            }
        }
        return wanted;
    }

    private static ReleaseResponse response(Releases.Outcome outcome) {
        return new ReleaseResponse(outcome.release() == null ? null : outcome.release().number(), outcome.changes());
    }

    private static Release.Author author(HttpServletRequest request, String source) {
        return new Release.Author(String.valueOf(request.getAttribute(BasicAuthFilter.USER)), source,
                RequestOrigin.of(request));
    }
}
