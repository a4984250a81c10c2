package io.conduit.lb.api;

import io.conduit.common.error.ErrorMapper;
import io.conduit.lb.haproxy.HaproxyRefusedException;
import io.conduit.lb.haproxy.HaproxyUnavailableException;
import io.conduit.lb.haproxy.InvalidConfigException;
import io.conduit.lb.haproxy.ServerExistsException;
import io.conduit.lb.haproxy.UnknownServerException;
import java.util.Map;

/** The LB agent's own failures, each with its status; the rest is the shared contract in common. */
public final class AgentErrorMappers {

    private AgentErrorMappers() {
    }

    /** @return one of each */
    public static ErrorMapper<?>[] all() {
        return new ErrorMapper<?>[] {new InvalidConfig(), new UnknownServer(), new ServerExists(), new Unavailable(),
            new Refused()};
    }

    /** A configuration {@code haproxy -c} refuses: 400, with its output. */
    public static final class InvalidConfig extends ErrorMapper<InvalidConfigException> {
        @Override
        protected int status(InvalidConfigException failure) {
            return 400;
        }

        @Override
        protected Map<String, ?> details(InvalidConfigException failure) {
            return Map.of("output", failure.output());
        }
    }

    /** A server HAProxy does not have: 404. */
    public static final class UnknownServer extends ErrorMapper<UnknownServerException> {
        @Override
        protected int status(UnknownServerException failure) {
            return 404;
        }
    }

    /** A server to add that HAProxy has already: 409. */
    public static final class ServerExists extends ErrorMapper<ServerExistsException> {
        @Override
        protected int status(ServerExistsException failure) {
            return 409;
        }
    }

    /** HAProxy does not answer: 503. */
    public static final class Unavailable extends ErrorMapper<HaproxyUnavailableException> {
        @Override
        protected int status(HaproxyUnavailableException failure) {
            return 503;
        }
    }

    /** HAProxy answered with a refusal or a failure: 502, with its answer. */
    public static final class Refused extends ErrorMapper<HaproxyRefusedException> {
        @Override
        protected int status(HaproxyRefusedException failure) {
            return 502;
        }
    }
}
