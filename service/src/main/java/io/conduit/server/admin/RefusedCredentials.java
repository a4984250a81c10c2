package io.conduit.server.admin;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.cid.Cids;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.release.AuditTrail;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the admin API's refusals of wrong credentials into the {@link AuditTrail}: counted in memory
 * per user name and address, and written every {@link #EVERY} as one entry each ({@code action}
 * {@code refused}, {@code kind} {@code credentials}, {@code name} how many attempts and the first
 * path), so a guesser's thousands of tries cost the ODB a few rows, never one each. At most
 * {@link #MOST} distinct guessers an interval are written; the others are counted in the log.
 */
public final class RefusedCredentials implements BasicAuthFilter.Refusals, Managed {

    static final Duration EVERY = Duration.ofSeconds(10);
    static final int MOST = 100;
    private static final Logger LOG = LoggerFactory.getLogger(RefusedCredentials.class);

    private record Who(String user, String from) {
    }

    private record Tries(AtomicInteger count, String first) {
    }

    private final AuditTrail trail;
    private final Clock clock;
    private final BackgroundTask task;
    private volatile Map<Who, Tries> pending = new ConcurrentHashMap<>();

    public RefusedCredentials(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
        this.task = new BackgroundTask("audit-refusals", BackgroundTask.Schedule.every(EVERY), this::flush);
    }

    @Override
    public void refused(String user, String method, String path, String from) {
        Map<Who, Tries> now = pending;
        if (now.size() > 10 * MOST) {
            return;  // counted no further until the next write: memory stays bounded whoever guesses
        }
        now.computeIfAbsent(new Who(user, from), w -> new Tries(new AtomicInteger(), method + " " + path))
                .count().incrementAndGet();
    }

    /** Writes what was counted since the last time. */
    void flush() {
        Map<Who, Tries> taken = pending;
        pending = new ConcurrentHashMap<>();
        int written = 0;
        for (Map.Entry<Who, Tries> e : taken.entrySet()) {
            if (written++ >= MOST) {
                LOG.warn("{} more user names and addresses were refused credentials on the admin API in the last {} s;"
                        + " not written to the audit trail", taken.size() - MOST, EVERY.toSeconds());
                break;
            }
            int n = e.getValue().count().get();
            try {
                trail.record(new AuditTrail.Entry(clock.instant(), e.getKey().user(), "refused", "credentials",
                        n + (n == 1 ? " attempt, " : " attempts, the first ") + e.getValue().first(), List.of(), Cids.next(),
                        e.getKey().from(), 401, null));
            } catch (RuntimeException failure) {
                LOG.error("could not write {} refused attempts by '{}' from {} to the audit trail: {}", n,
                        e.getKey().user(), e.getKey().from(), failure.toString());
            }
        }
    }

    @Override
    public void start() {
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
        flush();
    }
}
