package io.conduit.server.admin;

import io.conduit.server.config.Kind;
import io.conduit.server.users.Permission;
import io.conduit.server.users.User;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each admin endpoint asks of its caller, one rule per method and path template
 * ({@code POST /admin/services/{name}}). An endpoint without a rule is refused to everyone but an
 * admin, and {@code GET /conduit/admin/access} lists it with no rule, so a test catches it.
 */
public final class AccessRules {

    /** Where the name a rule is scoped by comes from. */
    public enum NameFrom {
        /** The endpoint acts on no one named thing: a scoped grant does not cover it. */
        NONE,
        /** A path parameter ({@link Rule#param}). */
        PATH,
        /** The resource checks each name once it knows them: those in the body, or the services a deployment holds. */
        RESOURCE
    }

    /**
     * @param permission what the caller needs, or null for an endpoint open to anyone who got through
     *                   (those outside the guarded paths)
     * @param from       where the name the caller's scope must cover comes from
     * @param param      the path parameter holding it
     * @param reader     whether the cluster's read-only metrics user may call it too
     */
    public record Rule(Permission permission, NameFrom from, String param, boolean reader) {

        static Rule of(Permission permission) {
            return new Rule(permission, NameFrom.NONE, null, false);
        }

        static Rule on(Permission permission, String param) {
            return new Rule(permission, NameFrom.PATH, param, false);
        }

        static Rule resource(Permission permission) {
            return new Rule(permission, NameFrom.RESOURCE, null, false);
        }
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    /**
     * @param kinds   every configured kind: reading is for all, writing for developers in scope (users for admins)
     * @param actions each kind's actions, as {@code METHOD path}: a GET reads, anything else operates
     */
    public AccessRules(Collection<Kind<?>> kinds, Map<Kind<?>, Collection<String>> actions) {
        open("GET /ping");
        open("GET /live");
        add("GET /openapi.json", Rule.of(Permission.READ));
        add("GET /openapi.yaml", Rule.of(Permission.READ));
        add("GET /admin/whoami", Rule.of(Permission.READ));
        add("GET /admin/access", Rule.of(Permission.READ));
        add("GET /admin/audit", Rule.of(Permission.READ));
        add("GET /admin/cluster/nodes", Rule.of(Permission.READ));
        add("GET /admin/prometheus/targets", new Rule(Permission.READ, NameFrom.NONE, null, true));
        add("GET /admin/config", Rule.of(Permission.READ));
        add("GET /admin/config/schema", Rule.of(Permission.READ));
        add("GET /admin/releases", Rule.of(Permission.READ));
        add("GET /admin/releases/{number}", Rule.of(Permission.READ));
        add("POST /admin/releases", Rule.resource(Permission.CONFIGURE));
        add("POST /admin/releases/{number}/rollback", Rule.of(Permission.ADMIN));
        add("GET /admin/services", Rule.of(Permission.READ));
        add("GET /admin/services/{name}", Rule.of(Permission.READ));
        add("GET /admin/services/{name}/schema", Rule.of(Permission.READ));
        add("GET /admin/deployments", Rule.of(Permission.READ));
        add("POST /admin/services", Rule.resource(Permission.CONFIGURE));
        add("DELETE /admin/services/{name}", Rule.resource(Permission.CONFIGURE));
        add("POST /admin/invoke/{service}", Rule.on(Permission.CONFIGURE, "service"));
        add("GET /admin/calls", Rule.of(Permission.READ));
        add("GET /admin/calls/{cid}", Rule.of(Permission.READ));
        add("POST /admin/calls/{cid}/replay", Rule.of(Permission.OPERATE));
        add("GET /admin/async/dead-letters", Rule.of(Permission.READ));
        add("POST /admin/async/dead-letters/{id}/replay", Rule.of(Permission.OPERATE));
        add("DELETE /admin/async/dead-letters/{id}", Rule.of(Permission.OPERATE));
        add("GET /admin/kvdb/commands", Rule.of(Permission.READ));
        add("POST /admin/kvdb/commands", Rule.of(Permission.ADMIN));
        add("GET /admin/secrets", Rule.of(Permission.READ));
        add("POST /admin/secrets/reseal", Rule.of(Permission.ADMIN));
        for (Kind<?> kind : kinds) {
            String path = "/admin/" + kind.path();
            boolean users = kind.equals(User.KIND);
            Permission read = users ? Permission.ADMIN : Permission.READ;
            Permission write = users ? Permission.ADMIN : Permission.CONFIGURE;
            add("GET " + path, Rule.of(read));
            add("GET " + path + "/{name}", Rule.of(read));
            add("POST " + path, users ? Rule.of(write) : Rule.resource(write));
            add("PUT " + path + "/{name}", users ? Rule.of(write) : Rule.on(write, "name"));
            add("DELETE " + path + "/{name}", users ? Rule.of(write) : Rule.on(write, "name"));
            for (String action : actions.getOrDefault(kind, java.util.List.of())) {
                String[] parts = action.split(" ", 2);
                add(parts[0] + " " + path + "/{name}/" + parts[1], parts[0].equals("GET") ? Rule.of(read)
                        : Rule.on(users ? Permission.ADMIN : Permission.OPERATE, "name"));
            }
        }
    }

    private void open(String endpoint) {
        add(endpoint, new Rule(null, NameFrom.NONE, null, false));
    }

    private void add(String endpoint, Rule rule) {
        rules.put(endpoint, rule);
    }

    /** @return the rule of an endpoint, as {@code METHOD /template} */
    public Optional<Rule> of(String endpoint) {
        return Optional.ofNullable(rules.get(endpoint));
    }

    /** @return every rule, by endpoint */
    public Map<String, Rule> all() {
        return java.util.Collections.unmodifiableMap(rules);
    }
}
