package io.conduit.common.auth;

import io.conduit.common.error.ErrorBody;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * Lets through only requests with one user's HTTP Basic credentials. Guards every admin surface:
 * the nodes' admin API, the LB agent, the dashboard's API, and Dropwizard's admin ports (metrics,
 * health checks, thread dumps, tasks).
 */
public final class BasicAuthFilter implements Filter {

    /** The request attribute holding the authenticated user's name. */
    public static final String USER = "conduit.user";

    private final Credentials credentials;
    private final String realm;
    private final String hint;

    /**
     * @param credentials the only user let through
     * @param realm       the realm browsers show
     * @param hint        where the credentials are, said in the 401 body
     */
    public BasicAuthFilter(Credentials credentials, String realm, String hint) {
        this.credentials = credentials;
        this.realm = realm;
        this.hint = hint;
    }

    /**
     * Guards the app's paths given, and the whole Dropwizard admin port (metrics, health checks,
     * thread dumps, tasks), with this filter.
     */
    public void guard(Environment environment, String... appPaths) {
        if (appPaths.length > 0) {
            environment.servlets().addFilter("conduit-auth", this)
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, appPaths);
        }
        environment.admin().addFilter("conduit-auth", this)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String user = authenticate(req.getHeader("Authorization"));
        if (user == null) {
            HttpServletResponse resp = (HttpServletResponse) response;
            resp.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            ErrorBody.write(resp, 401, "credentials required: HTTP Basic as " + hint);
            return;
        }
        req.setAttribute(USER, user);
        chain.doFilter(request, response);
    }

    private String authenticate(String authorization) {
        return BasicAuth.parse(authorization).filter(c -> credentials.matches(c.username(), c.password()))
                .map(Credentials::username).orElse(null);
    }
}
