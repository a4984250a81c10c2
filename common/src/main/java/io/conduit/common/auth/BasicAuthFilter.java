package io.conduit.common.auth;

import io.conduit.common.error.ErrorBody;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only requests with one user's HTTP Basic credentials. Guards every admin surface:
 * the nodes' admin API, the LB agent, the dashboard's API, and Dropwizard's admin ports (metrics,
 * health checks, thread dumps, tasks). Wrong credentials are answered later and later for the same
 * user name ({@link LoginDelay}), without holding a thread while they wait; right ones at once.
 */
public final class BasicAuthFilter implements Filter {

    /** The request attribute holding the authenticated user's name. */
    public static final String USER = "conduit.user";

    /**
     * The request attribute saying who was let in: {@link #MAIN} (the filter's own user), {@link #READER},
     * or what {@link Users#check} answered.
     */
    public static final String PRINCIPAL = "conduit.principal";

    /** The {@link #PRINCIPAL} of the filter's own user (the cluster's admin). */
    public static final Object MAIN = "main";

    /** The {@link #PRINCIPAL} of the read-only user. */
    public static final Object READER = "reader";

    /** More users, kept elsewhere (the cluster's users with roles). */
    public interface Users {
        /** @return who these credentials are (set as {@link #PRINCIPAL}), or null when they are nobody's */
        Object check(String user, String password);

        /**
         * @param token a bearer token (an identity provider's, for single sign-on)
         * @return who it is, with its name in {@link Bearer#name()}; or null when no bearer token is accepted
         * @throws RefusedTokenException saying why a token is refused
         */
        default Bearer checkBearer(String token) {
            return null;
        }
    }

    /** Who a bearer token is: a name for logs and the audit trail, and the {@link #PRINCIPAL}. */
    public record Bearer(String name, Object principal) {
    }

    /** A bearer token refused, with why (said in the 401). */
    public static final class RefusedTokenException extends RuntimeException {
        public RefusedTokenException(String reason) {
            super(reason);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthFilter.class);
    private static final ScheduledExecutorService ANSWERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "conduit-auth-delayed-answers");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Told of every request refused for the credentials it gave (not of those that gave none), on the
     * request's thread: keep it quick.
     */
    @FunctionalInterface
    public interface Refusals {
        /**
         * @param user   the user name given
         * @param method the request's method
         * @param path   the request's path
         * @param from   the client's address (the first of X-Forwarded-For, else the connection's)
         */
        void refused(String user, String method, String path, String from);

        /** Told nothing. */
        Refusals NONE = (user, method, path, from) -> { };
    }

    private final Credentials credentials;
    private final Credentials reader;
    private final Refusals refusals;
    private final java.util.Set<String> readerPaths;
    private final Users users;
    private final List<String> usersPaths;
    private final String realm;
    private final String hint;
    private final LoginDelay delay;
    private volatile boolean warnedNoAsync;

    /**
     * @param credentials the only user let through
     * @param realm       the realm browsers show
     * @param hint        where the credentials are, said in the 401 body
     */
    public BasicAuthFilter(Credentials credentials, String realm, String hint) {
        this(credentials, realm, hint, LoginDelay.standard());
    }

    public BasicAuthFilter(Credentials credentials, String realm, String hint, LoginDelay delay) {
        this(credentials, null, java.util.Set.of(), realm, hint, delay, Refusals.NONE, null, List.of());
    }

    private BasicAuthFilter(Credentials credentials, Credentials reader, java.util.Set<String> readerPaths, String realm,
                            String hint, LoginDelay delay, Refusals refusals, Users users, List<String> usersPaths) {
        this.credentials = credentials;
        this.reader = reader;
        this.refusals = refusals;
        this.readerPaths = readerPaths;
        this.users = users;
        this.usersPaths = List.copyOf(usersPaths);
        this.realm = realm;
        this.hint = hint;
        this.delay = delay;
    }

    /**
     * @param user  a second, read-only user (such as the cluster's metrics user), or null for none
     * @param paths the only request paths it is let through on
     * @return this filter, letting that user through on those paths too
     */
    public BasicAuthFilter withReader(Credentials user, String... paths) {
        return user == null ? this : new BasicAuthFilter(credentials, user, java.util.Set.of(paths), realm, hint, delay,
                refusals, users, usersPaths);
    }

    /** @return this filter, telling {@code listener} of every request it refuses */
    public BasicAuthFilter withRefusals(Refusals listener) {
        return new BasicAuthFilter(credentials, reader, readerPaths, realm, hint, delay, listener, users, usersPaths);
    }

    /**
     * @param more         more users; what they may do there is for the application to decide, by {@link #PRINCIPAL}
     * @param pathPrefixes the only request paths (by prefix) they are let through on
     * @return this filter, letting those users through there too
     */
    public BasicAuthFilter withUsers(Users more, String... pathPrefixes) {
        return new BasicAuthFilter(credentials, reader, readerPaths, realm, hint, delay, refusals, more,
                List.of(pathPrefixes));
    }

    /**
     * Guards the app's paths given, and the whole Dropwizard admin port (metrics, health checks,
     * thread dumps, tasks), with this filter.
     */
    public void guard(Environment environment, String... appPaths) {
        if (appPaths.length > 0) {
            FilterRegistration.Dynamic app = environment.servlets().addFilter("conduit-auth", this);
            app.setAsyncSupported(true);
            app.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, appPaths);
        }
        FilterRegistration.Dynamic admin = environment.admin().addFilter("conduit-auth", this);
        admin.setAsyncSupported(true);
        admin.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String authorization = req.getHeader("Authorization");
        if (users != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && usersPaths.stream().anyMatch(req.getRequestURI()::startsWith)) {
            bearer(authorization.substring(7).trim(), req, resp, chain);
            return;
        }
        Optional<Credentials> given = BasicAuth.parse(authorization);
        Object principal = given.map(c -> principal(c, req)).orElse(null);
        if (principal != null) {
            req.setAttribute(USER, given.get().username());
            req.setAttribute(PRINCIPAL, principal);
            chain.doFilter(request, response);
            return;
        }
        String said = reader != null && readerPaths.contains(req.getRequestURI())
                ? hint + " or the read-only user " + reader.username() : hint;
        if (given.isPresent()) {
            refusals.refused(given.get().username(), req.getMethod(), req.getRequestURI(), ClientAddress.of(req));
        }
        if (given.isEmpty() || !req.isAsyncSupported()) {
            if (given.isPresent() && !warnedNoAsync) {
                warnedNoAsync = true;
                LOG.warn("{}: wrong credentials on {} are answered at once: a filter before this one does not"
                        + " support async requests", realm, req.getRequestURI());
            }
            refuse(resp, said);
            return;
        }
        Duration wait = delay.failed(given.get().username());
        AsyncContext later = req.startAsync();
        later.setTimeout(0);
        ANSWERS.schedule(() -> {
            try {
                refuse((HttpServletResponse) later.getResponse(), said);
            } catch (IOException | RuntimeException e) {
                // the caller went away while it waited
            } finally {
                later.complete();
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Lets a request with a bearer token through when the users accept it; else 401 saying why. */
    private void bearer(String token, HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String why;
        try {
            Bearer who = users.checkBearer(token);
            if (who != null) {
                req.setAttribute(USER, who.name());
                req.setAttribute(PRINCIPAL, who.principal());
                chain.doFilter(req, resp);
                return;
            }
            why = "bearer tokens are not accepted here (single sign-on is not set up)";
        } catch (RefusedTokenException e) {
            why = e.getMessage();
        }
        refusals.refused("(bearer token)", req.getMethod(), req.getRequestURI(), ClientAddress.of(req));
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        ErrorBody.write(resp, 401, "the bearer token was refused: " + why);
    }

    /** @return who the credentials are on this request's path, or null for nobody */
    private Object principal(Credentials given, HttpServletRequest req) {
        if (credentials.matches(given.username(), given.password())) {
            return MAIN;
        }
        if (reader != null && readerPaths.contains(req.getRequestURI()) && reader.matches(given.username(), given.password())) {
            return READER;
        }
        if (users != null && usersPaths.stream().anyMatch(req.getRequestURI()::startsWith)) {
            return users.check(given.username(), given.password());
        }
        return null;
    }

    private void refuse(HttpServletResponse resp, String who) throws IOException {
        resp.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        ErrorBody.write(resp, 401, "credentials required: HTTP Basic as " + who);
    }
}
