package io.conduit.common.error;

import io.conduit.common.cid.CidFilter;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import java.util.ArrayList;
import java.util.List;

/** Sets up one app's error contract: cids, the shared mappers, and the app's own domain mappers. */
public final class Errors {

    private Errors() {
    }

    /**
     * Replaces Dropwizard's default exception mappers with Conduit's: every error is an
     * {@link ErrorBody} with the request's cid.
     *
     * @param part           what answers, for the message of an unexpected failure ("the admin call")
     * @param noSuchResource what a caller is told for a path nothing serves
     * @param domain         the app's mappers of its own failures
     */
    public static void register(Environment environment, ServerFactory server, String part, String noSuchResource,
                                ErrorMapper<?>... domain) {
        ((AbstractServerFactory) server).setRegisterDefaultExceptionMappers(false);
        providers(part, noSuchResource, domain).forEach(environment.jersey()::register);
        environment.lifecycle().addServerLifecycleListener(s -> s.setErrorHandler(new JsonErrorHandler()));
    }

    /** @return the cid filter, the shared mappers and the app's own, to register with Jersey (or a test's resource) */
    public static List<Object> providers(String part, String noSuchResource, ErrorMapper<?>... domain) {
        List<Object> providers = new ArrayList<>(List.of(new CidFilter(), new UnexpectedErrorMapper(part),
                new WebApplicationErrorMapper(noSuchResource), new InvalidInputMapper(), new JsonInputMapper(),
                new ConstraintViolationMapper()));
        providers.addAll(List.of(domain));
        return providers;
    }
}
