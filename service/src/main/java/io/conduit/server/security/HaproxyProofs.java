package io.conduit.server.security;

import io.conduit.common.haproxy.ClientProofs;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proofs this node trusts beside a client certificate's subject ({@link ClientProofs}): those
 * whose digests the LB agents published lately, read from Redis every few seconds and kept in memory, so a request
 * never waits on Redis for them. Until the first read, and when Redis cannot be read for longer than
 * a proof stays fresh, none is trusted: an mTLS channel then answers that the certificate is missing.
 */
public final class HaproxyProofs implements Managed, Predicate<String> {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyProofs.class);
    private static final Duration EVERY = Duration.ofSeconds(3);

    private final Redis redis;
    private final Clock clock;
    private final BackgroundTask task;
    private volatile Set<String> trusted = Set.of();
    private volatile long readAt;
    private volatile boolean unreadable;

    public HaproxyProofs(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.task = new BackgroundTask("haproxy-proofs", BackgroundTask.Schedule.every(EVERY), Duration.ofSeconds(5),
                clock, this::refresh);
    }

    void refresh() {
        try {
            trusted = ClientProofs.fresh(redis, clock.millis());
            readAt = clock.millis();
            if (unreadable) {
                unreadable = false;
                LOG.info("HAProxy's client proofs are read from Redis again");
            }
        } catch (RuntimeException e) {
            if (!unreadable) {
                unreadable = true;
                LOG.warn("HAProxy's client proofs cannot be read from Redis ({}); the ones read last are trusted for"
                        + " up to {} after they were read", e.toString(), ClientProofs.FRESH);
            }
        }
    }

    /** @return whether a request's proof is one HAProxy sends now */
    @Override
    public boolean test(String proof) {
        if (proof == null || proof.isEmpty() || clock.millis() - readAt > ClientProofs.FRESH.toMillis()) {
            return false;
        }
        byte[] given = ClientProofs.digest(proof).getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (String t : trusted) {
            known |= MessageDigest.isEqual(given, t.getBytes(StandardCharsets.UTF_8));
        }
        return known;
    }

    @Override
    public void start() {
        refresh();
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
    }
}
