package io.conduit.server.admin;

import io.conduit.server.users.Caller;
import io.conduit.server.users.Grant;
import io.conduit.server.users.Permission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/** Who the caller is and what it may do ({@code /admin/whoami}), and every endpoint's rule ({@code /admin/access}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AccessResource {

    /**
     * The caller.
     *
     * @param name  the user name
     * @param roles its roles and their scopes
     * @param may   what it may do somewhere: {@code read, operate, configure, admin}
     * @param mayEverywhere what it may do on everything, not only within a scope
     */
    public record Me(String name, List<Grant> roles, Map<String, Boolean> may, Map<String, Boolean> mayEverywhere) {
    }

    /**
     * One endpoint.
     *
     * @param endpoint   {@code METHOD /conduit/path/{param}}
     * @param permission what it asks: read, operate, configure, admin; null when it has no rule (only an admin may call it)
     * @param scopedBy   the path parameter whose value a scoped grant must cover, {@code resource} when the
     *                   resource checks the names it finds (in the body, a deployment's services), or null
     */
    public record Endpoint(String endpoint, String permission, String scopedBy, boolean ruled) {
    }

    private final AccessRules rules;

    public AccessResource(AccessRules rules) {
        this.rules = rules;
    }

    @GET
    @Path("whoami")
    public Me whoami(@Context HttpServletRequest request) {
        Caller caller = AccessFilter.caller(request);
        Map<String, Boolean> may = new LinkedHashMap<>();
        Map<String, Boolean> everywhere = new LinkedHashMap<>();
        for (Permission p : Permission.values()) {
            may.put(p.name().toLowerCase(Locale.ROOT), caller.mayAny(p));
            everywhere.put(p.name().toLowerCase(Locale.ROOT), caller.may(p, null));
        }
        return new Me(caller.name(), caller.grants(), may, everywhere);
    }

    @GET
    @Path("access")
    public List<Endpoint> access(@Context ExtendedResourceContext resources) {
        Map<String, Endpoint> all = new TreeMap<>();
        for (String endpoint : endpoints(resources)) {
            AccessRules.Rule rule = rules.of(endpoint).orElse(null);
            all.put(endpoint, rule == null ? new Endpoint(conduit(endpoint), null, null, false)
                    : new Endpoint(conduit(endpoint), rule.permission() == null ? null
                    : rule.permission().name().toLowerCase(Locale.ROOT), switch (rule.from()) {
                        case NONE -> null;
                        case PATH -> rule.param();
                        case RESOURCE -> "resource";
                    }, true));
        }
        return new ArrayList<>(all.values());
    }

    /** @return every endpoint Jersey serves, as {@code METHOD /template} (the form {@link AccessFilter} looks rules up by) */
    private static List<String> endpoints(ExtendedResourceContext resources) {
        List<String> found = new ArrayList<>();
        for (Resource resource : resources.getResourceModel().getRootResources()) {
            walk(resource, "", found);
        }
        return found;
    }

    private static void walk(Resource resource, String prefix, List<String> found) {
        String path = (prefix + "/" + (resource.getPath() == null ? "" : resource.getPath())).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (method.isExtended()) {
                continue;  // what Jersey adds by itself: OPTIONS, HEAD
            }
            found.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, path, found);
        }
    }

    private static String conduit(String endpoint) {
        int space = endpoint.indexOf(' ');
        return endpoint.substring(0, space) + " /conduit" + endpoint.substring(space + 1).replaceAll("^/$", "");
    }
}
