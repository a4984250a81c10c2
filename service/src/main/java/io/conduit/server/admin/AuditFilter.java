package io.conduit.server.admin;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.cid.CidFilter;
import io.conduit.server.config.Kind;
import io.conduit.server.release.AuditTrail;
import io.conduit.server.release.Releases;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every admin API write into the {@link AuditTrail} once it is answered, whatever the answer:
 * who made it, from where, what it did to which object, its status and cid, and the release it made
 * (which its resource notes with {@link #made}). Reads, and pings (which change nothing), are not
 * written. An audit entry that cannot be written is logged; the write it describes stands.
 */
public final class AuditFilter implements ContainerResponseFilter {

    /** The request property holding the number of the release a write made. */
    public static final String RELEASE = "conduit.release";
    /** The request property holding the name of the object a write is about, when its path does not say it. */
    public static final String NAME = "conduit.object";

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditTrail trail;
    private final List<Kind<?>> kinds;
    private final Clock clock;

    /** @param kinds every configured kind, to tell an object's kind and name from a path */
    public AuditFilter(AuditTrail trail, List<Kind<?>> kinds, Clock clock) {
        this.trail = trail;
        // the longest path first: outgoing/http before a shorter kind it might start with
        this.kinds = kinds.stream().sorted(Comparator.comparingInt((Kind<?> k) -> k.path().length()).reversed()).toList();
        this.clock = clock;
    }

    /** Notes on the request the release a write made, for its audit entry. */
    public static void made(HttpServletRequest request, Releases.Outcome outcome) {
        if (outcome.release() != null) {
            request.setAttribute(RELEASE, outcome.release().number());
        }
    }

    /** Notes on the request the release a write made, for its audit entry. */
    public static void made(ContainerRequestContext request, Releases.Outcome outcome) {
        if (outcome.release() != null) {
            request.setProperty(RELEASE, outcome.release().number());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        boolean refusedRead = !WRITES.contains(request.getMethod()) && response.getStatus() == 403;
        if (!WRITES.contains(request.getMethod()) && !refusedRead || !path.startsWith("admin/") || path.endsWith("/ping")) {
            return;
        }
        What what = refusedRead ? new What("read", path.substring("admin/".length()), null)
                : what(request.getMethod(), path.substring("admin/".length()));
        if (what.name() == null && request.getProperty(NAME) != null) {
            what = new What(what.action(), what.kind(), request.getProperty(NAME).toString());
        }
        Object user = request.getProperty(BasicAuthFilter.USER);
        Object from = request.getProperty(RequestOrigin.PROPERTY);
        Object release = request.getProperty(RELEASE);
        String cid = CidFilter.cid(request);
        try {
            trail.record(new AuditTrail.Entry(clock.instant(), user == null ? "-" : user.toString(), what.action(),
                    what.kind(), what.name(), List.of(), cid, from == null ? null : from.toString(), response.getStatus(),
                    release instanceof Long number ? number : null));
        } catch (RuntimeException e) {
            LOG.error("could not write the audit entry of {} {} by {} (cid {}, answered {}): {}", request.getMethod(), path,
                    user, cid, response.getStatus(), e.toString());
        }
    }

    /** What a write did: an action, on an object of a kind (or a part of the admin API). */
    record What(String action, String kind, String name) {
    }

    /** @param rest the path after {@code admin/}: {@code channels/http/orders}, {@code jobs/nightly/run} */
    What what(String method, String rest) {
        for (Kind<?> kind : kinds) {
            if (rest.equals(kind.path()) || rest.startsWith(kind.path() + "/")) {
                String[] after = rest.equals(kind.path()) ? new String[0]
                        : rest.substring(kind.path().length() + 1).split("/");
                String name = after.length > 0 ? after[0] : null;
                String action = after.length > 1 ? after[1] : switch (method) {
                    case "POST" -> "create";
                    case "DELETE" -> "delete";
                    default -> "update";
                };
                return new What(action, kind.key(), name);
            }
        }
        String[] parts = rest.split("/");
        return switch (parts[0]) {
            case "services" -> new What("DELETE".equals(method) ? "undeploy" : "deploy", "services",
                    parts.length > 1 ? parts[1] : null);
            case "releases" -> parts.length > 2 ? new What(parts[2], "releases", parts[1]) : new What("apply", "releases", null);
            case "invoke" -> new What("invoke", "services", parts.length > 1 ? parts[1] : null);
            case "kvdb" -> new What("command", "kvdb", null);
            case "secrets" -> new What(parts[parts.length - 1], "secrets", null);
            default -> {
                // async/dead-letters/{id} (DELETE), async/dead-letters/{id}/replay, calls/{cid}/replay
                int n = parts.length;
                if ("DELETE".equals(method) || n < 3) {
                    yield new What("DELETE".equals(method) ? "delete" : parts[n - 1],
                            String.join("-", Arrays.copyOfRange(parts, 0, Math.max(1, n - 1))), n > 1 ? parts[n - 1] : null);
                }
                yield new What(parts[n - 1], String.join("-", Arrays.copyOfRange(parts, 0, n - 2)), parts[n - 2]);
            }
        };
    }
}
