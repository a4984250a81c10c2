package io.conduit.dashboard.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The dashboard's sessions, in memory: random ids and CSRF tokens, each ending after a timeout. */
public final class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public SessionStore(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** @return a new session for a user */
    public Session open(Access access) {
        return open(access, timeout);
    }

    /** @return a new session for a user, ending after {@code life} if that is sooner than the timeout */
    public Session open(Access access, Duration life) {
        sessions.values().removeIf(s -> s.expires().isBefore(clock.instant()));
        Session session = new Session(token(), access, token(), clock.instant().plus(life.compareTo(timeout) < 0 ? life
                : timeout));
        sessions.put(session.id(), session);
        return session;
    }

    /** @return the live session of that id */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null || session.expires().isBefore(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends a session; idempotent. */
    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** @return the session's lifetime */
    public Duration timeout() {
        return timeout;
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
