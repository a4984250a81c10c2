package io.conduit.server.admin;

import io.conduit.common.error.ErrorMapper;
import io.conduit.server.config.InvalidConfigException;
import io.conduit.server.config.StaleReleaseException;
import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.invoke.InvalidRequestException;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.UnknownServiceException;
import io.conduit.server.kvdb.KvdbConsole;
import io.conduit.server.odb.NoSuchEntryException;
import io.conduit.server.odb.OdbConflictException;
import io.conduit.server.odb.OdbUnavailableException;
import io.conduit.server.users.AccessDeniedException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API's own failures, each with its status; the rest is the shared contract in common. */
public final class AdminErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(AdminErrorMappers.class);

    private AdminErrorMappers() {
    }

    /** @return one of each */
    public static ErrorMapper<?>[] all() {
        return new ErrorMapper<?>[] {new InvalidConfig(), new StaleRelease(), new DeploymentFailed(), new OdbUnavailable(), new OdbConflict(), new NoSuchEntry(),
            new KvdbUnavailable(), new UnknownService(), new InvocationFailed(), new InvalidRequest(), new AccessDenied()};
    }

    /** A configuration that is not valid: 400, with every problem, each naming its object and field. */
    public static final class InvalidConfig extends ErrorMapper<InvalidConfigException> {
        @Override
        protected int status(InvalidConfigException failure) {
            return 400;
        }

        @Override
        protected Map<String, ?> details(InvalidConfigException failure) {
            return Map.of("problems", failure.problems());
        }
    }

    /** A change made against a release that is no longer the newest: 409, naming the newer one. */
    public static final class StaleRelease extends ErrorMapper<StaleReleaseException> {
        @Override
        protected int status(StaleReleaseException failure) {
            return 409;
        }

        @Override
        protected Map<String, ?> details(StaleReleaseException failure) {
            return Map.of("newestRelease", failure.newest());
        }
    }

    /** A typed service's input that does not bind or validate: 400, with every field error. */
    public static final class InvalidRequest extends ErrorMapper<InvalidRequestException> {
        @Override
        protected int status(InvalidRequestException failure) {
            return 400;
        }

        @Override
        protected Map<String, ?> details(InvalidRequestException failure) {
            return Map.of("fields", failure.fields());
        }
    }

    /** A file that does not compile or load: 400, with the compiler's diagnostics. */
    public static final class DeploymentFailed extends ErrorMapper<DeploymentException> {
        @Override
        protected int status(DeploymentException failure) {
            return 400;
        }

        @Override
        protected Map<String, ?> details(DeploymentException failure) {
            return failure.diagnostics().isEmpty() ? Map.of() : Map.of("diagnostics", failure.diagnostics());
        }
    }

    /** The ODB cannot be reached: 503, naming it. */
    public static final class OdbUnavailable extends ErrorMapper<OdbUnavailableException> {
        @Override
        protected int status(OdbUnavailableException failure) {
            return 503;
        }

        @Override
        protected String message(OdbUnavailableException failure, String cid) {
            LOG.warn("Admin API - cid {}: {}", cid, failure.getMessage());
            return failure.getMessage();
        }
    }

    /** A name or path already in use: 409. */
    public static final class OdbConflict extends ErrorMapper<OdbConflictException> {
        @Override
        protected int status(OdbConflictException failure) {
            return 409;
        }
    }

    /** A configuration entry that is not there: 404. */
    public static final class NoSuchEntry extends ErrorMapper<NoSuchEntryException> {
        @Override
        protected int status(NoSuchEntryException failure) {
            return 404;
        }
    }

    /** A caller whose roles do not allow what it asked: 403, saying what it needs. */
    public static final class AccessDenied extends ErrorMapper<AccessDeniedException> {
        @Override
        protected int status(AccessDeniedException failure) {
            return 403;
        }

        @Override
        protected Map<String, ?> details(AccessDeniedException failure) {
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("user", failure.user());
            details.put("needs", failure.needed().name().toLowerCase(java.util.Locale.ROOT));
            if (failure.on() != null) {
                details.put("on", failure.on());
            }
            return details;
        }
    }

    /** Redis cannot be reached for a Remote command: 503, naming it. */
    public static final class KvdbUnavailable extends ErrorMapper<KvdbConsole.UnavailableException> {
        @Override
        protected int status(KvdbConsole.UnavailableException failure) {
            return 503;
        }
    }

    /** Invoking a service that is not deployed: 404. */
    public static final class UnknownService extends ErrorMapper<UnknownServiceException> {
        @Override
        protected int status(UnknownServiceException failure) {
            return 404;
        }
    }

    /** A service that failed: as a channel answers it (500, or 502/503/504 for what it called). */
    public static final class InvocationFailed extends ErrorMapper<InvocationException> {
        @Override
        protected int status(InvocationException failure) {
            return failure.httpStatus();
        }

        @Override
        protected String message(InvocationException failure, String cid) {
            return failure.callerMessage();
        }
    }
}
