package io.conduit.common.error;

import io.conduit.common.cid.CidFilter;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;

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
    public static void register(ServerFactory server, JerseyEnvironment jersey, String part, String noSuchResource,
                                ErrorMapper<?>... domain) {
        ((AbstractServerFactory) server).setRegisterDefaultExceptionMappers(false);
        jersey.register(new CidFilter());
        jersey.register(new UnexpectedErrorMapper(part));
        jersey.register(new WebApplicationErrorMapper(noSuchResource));
        jersey.register(new InvalidInputMapper());
        jersey.register(new JsonInputMapper());
        jersey.register(new ConstraintViolationMapper());
        for (ErrorMapper<?> mapper : domain) {
            jersey.register(mapper);
        }
    }
}
