package io.conduit.server.channel;

import io.conduit.server.config.HttpMethod;
import io.conduit.server.security.JwtVerifier;
import io.conduit.server.security.SecurityDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An immutable routing table: URL path to channels, and the security definitions channels refer to.
 * Built from the ODB and swapped whole, so a request sees one consistent configuration.
 *
 * <p>Paths without parameters are one hash lookup. Templates with parameters live in a trie of
 * segments, built once per configuration change; a literal segment is tried before a parameter,
 * and a dead end goes back to try the parameter. Several channels may share a path with different
 * methods.
 */
public final class ChannelRoutes {

    /** No channels at all. */
    public static final ChannelRoutes EMPTY = new ChannelRoutes(List.of(), List.of());

    private static final String[] NO_VALUES = new String[0];

    private final Map<String, Route> exact;
    private final Node templates;
    private final Map<String, SecurityDefinition> security;
    private final Map<String, JwtVerifier> jwt;

    public ChannelRoutes(List<HttpChannel> channels, List<SecurityDefinition> definitions) {
        this(channels, definitions, d -> new JwtVerifier((SecurityDefinition.Jwt) d));
    }

    /**
     * @param channels    every channel
     * @param definitions every security definition
     * @param verifiers   gives the verifier of a JWT definition (an earlier table's, while unchanged)
     */
    public ChannelRoutes(List<HttpChannel> channels, List<SecurityDefinition> definitions,
                         Function<SecurityDefinition, JwtVerifier> verifiers) {
        Map<String, Route> paths = new HashMap<>();
        Node root = new Node();
        for (HttpChannel c : channels) {
            PathTemplate template = c.template();
            Route route = template.isLiteral() ? paths.computeIfAbsent(template.text(), p -> new Route())
                    : root.routeFor(template.segments(), 0);
            route.add(c, template.params());
        }
        paths.values().forEach(Route::seal);
        root.seal();
        Map<String, SecurityDefinition> defs = new HashMap<>();
        Map<String, JwtVerifier> verifiersByName = new HashMap<>();
        for (SecurityDefinition d : definitions) {
            defs.put(d.name(), d);
            if (d instanceof SecurityDefinition.Jwt) {
                verifiersByName.put(d.name(), verifiers.apply(d));
            }
        }
        this.exact = Map.copyOf(paths);
        this.templates = root;
        this.security = Map.copyOf(defs);
        this.jwt = Map.copyOf(verifiersByName);
    }

    /**
     * @param path a request's raw path (a trailing slash is ignored)
     * @return the channels on that path with the parameters' values, or {@code null} when none
     */
    public Match match(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Route route = exact.get(p);
        if (route != null) {
            return new Match(route, NO_VALUES);
        }
        if (templates.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>(4);
        route = templates.match(p, 1, values);
        return route == null ? null : new Match(route, values.toArray(NO_VALUES));
    }

    /**
     * @param path a request's path
     * @return the channel serving it for any method, or {@code null}
     */
    public HttpChannel channelFor(String path) {
        Match match = match(path);
        return match == null ? null : match.route.first;
    }

    /**
     * @param name a definition's name
     * @return it, or {@code null}
     */
    public SecurityDefinition security(String name) {
        return security.get(name);
    }

    /**
     * @param name a JWT definition's name
     * @return its verifier, or {@code null}
     */
    public JwtVerifier jwt(String name) {
        return jwt.get(name);
    }

    /** The channels of one path, by method. */
    private static final class Route {
        private final Map<String, HttpChannel> byMethod = new HashMap<>();
        private final Map<String, List<String>> paramNames = new HashMap<>();
        private HttpChannel any;
        private HttpChannel first;
        private String allow;

        void add(HttpChannel channel, List<String> params) {
            if (channel.method() == null) {
                any = channel;
            } else {
                byMethod.put(channel.method().name(), channel);
            }
            paramNames.put(channel.name(), params);
            if (first == null) {
                first = channel;
            }
        }

        void seal() {
            allow = any != null ? String.join(", ", java.util.Arrays.stream(HttpMethod.values()).map(Enum::name).sorted().toList())
                    : String.join(", ", new TreeSet<>(byMethod.keySet()));
        }
    }

    /** A trie node: one path segment. */
    private static final class Node {
        private Map<String, Node> literals = new HashMap<>();
        private Node param;
        private Route route;

        Route routeFor(List<String> segments, int i) {
            if (i == segments.size()) {
                if (route == null) {
                    route = new Route();
                }
                return route;
            }
            String s = segments.get(i);
            Node next;
            if (s == null) {
                if (param == null) {
                    param = new Node();
                }
                next = param;
            } else {
                next = literals.computeIfAbsent(s, k -> new Node());
            }
            return next.routeFor(segments, i + 1);
        }

        void seal() {
            literals.values().forEach(Node::seal);
            literals = Map.copyOf(literals);
            if (param != null) {
                param.seal();
            }
            if (route != null) {
                route.seal();
            }
        }

        boolean isEmpty() {
            return literals.isEmpty() && param == null && route == null;
        }

        /** Matches the path from {@code start}, the first character after a slash. */
        Route match(String path, int start, List<String> values) {
            if (start > path.length()) {
                return route;
            }
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            int next = end + 1;
            if (!literals.isEmpty()) {
                Node literal = literals.get(path.substring(start, end));
                if (literal != null) {
                    Route found = literal.match(path, next, values);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (param != null && end > start) {
                values.add(PathTemplate.decode(path.substring(start, end)));
                Route found = param.match(path, next, values);
                if (found != null) {
                    return found;
                }
                values.remove(values.size() - 1);
            }
            return null;
        }
    }

    /** The channels found for a path, and the values of its parameters in order. */
    public static final class Match {
        private final Route route;
        private final String[] values;

        Match(Route route, String[] values) {
            this.route = route;
            this.values = values;
        }

        /**
         * @param method the request's method
         * @return the channel serving it, or {@code null} when the path takes other methods only
         */
        public HttpChannel channel(String method) {
            HttpChannel channel = route.byMethod.get(method);
            return channel != null ? channel : route.any;
        }

        /** @return the methods the path takes, for a 405's {@code Allow} */
        public String allow() {
            return route.allow;
        }

        /**
         * @param channel one of this path's channels
         * @return its parameters by name; empty for a path without parameters
         */
        public Map<String, String> params(HttpChannel channel) {
            if (values.length == 0) {
                return Map.of();
            }
            List<String> names = route.paramNames.get(channel.name());
            Map<String, String> params = new HashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), values[i]);
            }
            return params;
        }
    }
}
