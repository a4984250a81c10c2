package io.conduit.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.config.ConfigJson;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.Configured;
import io.conduit.server.config.InvalidConfigException;
import io.conduit.server.config.Problem;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Kinds;
import io.conduit.server.config.Release;
import io.conduit.server.release.Releases;
import io.conduit.server.odb.NoSuchEntryException;
import io.conduit.server.odb.OdbConflictException;
import io.conduit.server.users.Permission;
import io.conduit.server.users.User;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.glassfish.jersey.process.Inflector;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * The admin API of every configured kind, made from its {@link Kind}: {@code GET|POST
 * /conduit/admin/<path>} and {@code GET|PUT|DELETE /conduit/admin/<path>/{name}}, plus the actions
 * a kind has ({@code POST .../{name}/ping}...). Every write is one release of the whole
 * configuration, checked as a whole; secrets are write-only (an update without one keeps it).
 */
public final class KindResources implements ModelProcessor {

    /** The request header the dashboard sets, so its changes are recorded as the dashboard's. */
    public static final String SOURCE_HEADER = "X-Conduit-Source";

    /** An action on one object, e.g. a ping: the object's name to the response. */
    @FunctionalInterface
    public interface Action {
        Object run(String name);
    }

    /** An action on one item of one object, e.g. running a file of a channel's history again. */
    @FunctionalInterface
    public interface ItemAction {
        /**
         * @param name the object's name
         * @param id   the item's, as the path's {@code {id}} says
         */
        Object run(String name, String id);
    }

    /** An edit of one object, e.g. pausing a job: the object to what it becomes. */
    @FunctionalInterface
    public interface Edit<T> {
        T apply(T object);
    }

    private record Registered(Kind<?> kind, String method, String path, Action action, Edit<Configured> edit,
                              ItemAction itemAction) {
    }

    private final Kinds kinds;
    private final Releases releases;
    private final ConfigJson json;
    private final ObjectMapper mapper;
    private final List<Registered> actions = new ArrayList<>();
    private final Map<Kind<?>, BiConsumer<Object, ObjectNode>> decorations = new HashMap<>();

    public KindResources(Kinds kinds, Releases releases, ConfigJson json, ObjectMapper mapper) {
        this.kinds = kinds;
        this.releases = releases;
        this.json = json;
        this.mapper = mapper;
    }

    /**
     * Adds an action on one object of a kind, at {@code /conduit/admin/<kind>/{name}/<path>}.
     *
     * @return this
     */
    public KindResources action(Kind<?> kind, String method, String path, Action action) {
        actions.add(new Registered(kind, method, path, action, null, null));
        return this;
    }

    /**
     * Adds an action on one item of an object, at {@code /conduit/admin/<kind>/{name}/<path>} where the
     * path holds {@code {id}}: {@code history/{id}/rerun}.
     *
     * @return this
     */
    public KindResources action(Kind<?> kind, String method, String path, ItemAction action) {
        if (!path.contains("{id}")) {
            throw new IllegalArgumentException(path + ": an item's action needs {id} in its path");
        }
        actions.add(new Registered(kind, method, path, name -> {
            throw new IllegalStateException("called with the request");
        }, null, action));
        return this;
    }

    /**
     * Adds an edit of one object of a kind, at {@code POST /conduit/admin/<kind>/{name}/<path>}: one
     * release, like a {@code PUT} of the edited object (an operator may pause a job it may not configure).
     *
     * @return this
     */
    public <T extends Configured> KindResources edit(Kind<T> kind, String path, Edit<T> edit) {
        actions.add(new Registered(kind, "POST", path, null, object -> edit.apply(kind.cast(object)), null));
        return this;
    }

    /** @return each kind's actions and edits, as {@code METHOD path}: {@code POST ping} */
    public Map<Kind<?>, java.util.Collection<String>> actions() {
        Map<Kind<?>, java.util.Collection<String>> all = new HashMap<>();
        actions.forEach(a -> all.computeIfAbsent(a.kind(), k -> new ArrayList<>()).add(a.method() + " " + a.path()));
        return all;
    }

    /**
     * Adds fields to what the admin API shows of each object of a kind (a job's next run...); an
     * operator who sends them back has them ignored (the kind lists them as view-only).
     *
     * @return this
     */
    public <T extends Configured> KindResources decorate(Kind<T> kind, BiConsumer<T, ObjectNode> decoration) {
        decorations.put(kind, (object, view) -> decoration.accept(kind.cast(object), view));
        return this;
    }

    @Override
    public ResourceModel processResourceModel(ResourceModel model, jakarta.ws.rs.core.Configuration configuration) {
        ResourceModel.Builder builder = new ResourceModel.Builder(model.getRootResources(), false);
        kinds.all().forEach(kind -> builder.addResource(resource(kind)));
        return builder.build();
    }

    @Override
    public ResourceModel processSubResource(ResourceModel model, jakarta.ws.rs.core.Configuration configuration) {
        return model;
    }

    private <T extends Configured> Resource resource(Kind<T> kind) {
        Resource.Builder root = Resource.builder("admin/" + kind.path());
        method(root, "GET", ctx -> Response.ok(releases.store().list(kind).stream().map(o -> view(kind, o)).toList())
                .build());
        method(root, "POST", ctx -> Response.status(201).entity(view(kind, create(kind, ctx))).build());
        Resource.Builder one = root.addChildResource("{name}");
        method(one, "GET", ctx -> Response.ok(view(kind, releases.store().find(kind, name(ctx))
                .orElseThrow(() -> notFound(kind, name(ctx))))).build());
        method(one, "PUT", ctx -> Response.ok(view(kind, update(kind, name(ctx), ctx))).build());
        method(one, "DELETE", ctx -> {
            delete(kind, name(ctx), ctx);
            return Response.noContent().build();
        });
        for (Registered action : actions) {
            if (action.kind().equals(kind)) {
                method(root.addChildResource("{name}/" + action.path()), action.method(), ctx -> {
                    releases.store().find(kind, name(ctx)).orElseThrow(() -> notFound(kind, name(ctx)));
                    if (action.itemAction() != null) {
                        return Response.ok(action.itemAction().run(name(ctx),
                                ctx.getUriInfo().getPathParameters().getFirst("id"))).build();
                    }
                    if (action.edit() == null) {
                        return Response.ok(action.action().run(name(ctx))).build();
                    }
                    java.util.concurrent.atomic.AtomicReference<T> edited = new java.util.concurrent.atomic.AtomicReference<>();
                    change(kind, name(ctx), config -> {
                        edited.set(kind.cast(action.edit().apply(config.find(kind, name(ctx))
                                .orElseThrow(() -> notFound(kind, name(ctx))))));
                        return config.replacing(kind, name(ctx), edited.get());
                    }, ctx);
                    return Response.ok(view(kind, edited.get())).build();
                });
            }
        }
        return root.build();
    }

    private static void method(Resource.Builder resource, String method, Handler handler) {
        var builder = resource.addMethod(method).produces(MediaType.APPLICATION_JSON_TYPE).handledBy(new Handling(handler));
        if (method.equals("POST") || method.equals("PUT")) {
            builder.consumes(MediaType.APPLICATION_JSON_TYPE, MediaType.WILDCARD_TYPE);
        }
    }

    /** Answers a request to a kind's path. */
    @FunctionalInterface
    private interface Handler {
        Response handle(ContainerRequestContext request);
    }

    /**
     * A handler as Jersey takes it: a class whose type arguments say it takes the request itself
     * (of a lambda Jersey cannot tell, and would read the body into it).
     */
    private static final class Handling implements Inflector<ContainerRequestContext, Response> {
        private final Handler handler;

        Handling(Handler handler) {
            this.handler = handler;
        }

        @Override
        public Response apply(ContainerRequestContext request) {
            return handler.handle(request);
        }
    }

    /**
     * Makes a change for one object: of what is wrong with the whole configuration, says what is
     * wrong with that object (409 when it clashes with another one, 400 otherwise).
     */
    private void change(Kind<?> kind, String name, UnaryOperator<Configuration> edit, ContainerRequestContext ctx) {
        ctx.setProperty(AuditFilter.NAME, name);
        try {
            AuditFilter.made(ctx, releases.change(edit, author(ctx)));
        } catch (InvalidConfigException e) {
            List<Problem> own = e.problems().stream()
                    .filter(p -> kind.key().equals(p.kind()) && name.equals(p.name())).toList();
            List<Problem> problems = own.isEmpty() ? e.problems() : own;
            if (problems.stream().allMatch(Problem::conflict)) {
                throw new OdbConflictException(problems.stream().map(Problem::message).distinct()
                        .collect(Collectors.joining("; ")));
            }
            throw own.isEmpty() || own.size() == e.problems().size() ? e : new InvalidConfigException(own);
        }
    }

    private <T extends Configured> T create(Kind<T> kind, ContainerRequestContext ctx) {
        JsonNode input = body(kind, ctx);
        if (input.path("name").isTextual()) {
            ctx.setProperty(AuditFilter.NAME, input.path("name").asText());  // a create refused before it is bound
        }
        if (input.path("name").isTextual()) {
            AccessFilter.require(ctx, Permission.CONFIGURE, input.path("name").asText());
        }
        T object = json.bind(kind, input);
        AccessFilter.require(ctx, Permission.CONFIGURE, object.name());
        change(kind, object.name(), config -> {
            if (config.find(kind, object.name()).isPresent()) {
                throw new OdbConflictException(kind.article() + " " + kind.what() + " named '" + object.name()
                        + "' already exists");
            }
            return config.with(kind, object);
        }, ctx);
        return object;
    }

    private <T extends Configured> T update(Kind<T> kind, String name, ContainerRequestContext ctx) {
        JsonNode input = body(kind, ctx);
        if (input instanceof ObjectNode given && (!given.hasNonNull("name") || given.path("name").asText().isBlank())) {
            given.put("name", name);
        }
        T current = releases.store().find(kind, name).orElseThrow(() -> notFound(kind, name));
        T object = json.bind(kind, keepingSecrets(kind, input, current));
        if (!object.name().equals(name)) {
            AccessFilter.require(ctx, kind.equals(User.KIND) ? Permission.ADMIN : Permission.CONFIGURE, object.name());
        }
        change(kind, object.name(), config -> {
            config.find(kind, name).orElseThrow(() -> notFound(kind, name));
            if (!object.name().equals(name)) {
                if (config.find(kind, object.name()).isPresent()) {
                    throw new OdbConflictException(kind.article() + " " + kind.what() + " named '" + object.name()
                            + "' already exists");
                }
                requireUnused(config, kind, name, "renamed");
            }
            return config.replacing(kind, name, object);
        }, ctx);
        return object;
    }

    private <T extends Configured> void delete(Kind<T> kind, String name, ContainerRequestContext ctx) {
        change(kind, name, config -> {
            config.find(kind, name).orElseThrow(() -> notFound(kind, name));
            requireUnused(config, kind, name, "deleted");
            return config.without(kind, name);
        }, ctx);
    }

    private static void requireUnused(Configuration config, Kind<?> kind, String name, String what) {
        List<String> users = config.referrers(kind, name);
        if (!users.isEmpty()) {
            throw new OdbConflictException(kind.what() + " '" + name + "' is used by " + String.join(", ", users)
                    + "; change them first, then it can be " + what);
        }
    }

    /** An update that sends no secret keeps the current one, if the object stays of the same type. */
    private JsonNode keepingSecrets(Kind<?> kind, JsonNode input, Configured current) {
        return input instanceof ObjectNode given ? json.keepingSecrets(kind, given, current) : input;
    }

    private JsonNode body(Kind<?> kind, ContainerRequestContext ctx) {
        byte[] bytes;
        try {
            bytes = ctx.hasEntity() ? ctx.getEntityStream().readAllBytes() : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidInputException("a JSON " + kind.what() + " is required: {" + ConfigJson.requiredFields(kind)
                    + "}");
        }
        try {
            return mapper.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("the request body is not valid JSON for this call: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode view(Kind<?> kind, Configured object) {
        ObjectNode view = json.view(object);
        BiConsumer<Object, ObjectNode> decoration = decorations.get(kind);
        if (decoration != null) {
            decoration.accept(object, view);
        }
        return view;
    }

    private static Release.Author author(ContainerRequestContext ctx) {
        Object user = ctx.getProperty(BasicAuthFilter.USER);
        String source = "dashboard".equalsIgnoreCase(ctx.getHeaderString(SOURCE_HEADER)) ? "dashboard" : "api";
        Object from = ctx.getProperty(RequestOrigin.PROPERTY);
        return new Release.Author(user == null ? "admin" : user.toString(), source, from == null ? null : from.toString());
    }

    private static String name(ContainerRequestContext ctx) {
        return ctx.getUriInfo().getPathParameters().getFirst("name");
    }

    private static NoSuchEntryException notFound(Kind<?> kind, String name) {
        return new NoSuchEntryException("no " + kind.what() + " named '" + name + "'");
    }
}
