package io.conduit.server.polling;

import io.conduit.common.redis.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * Which node handles a file or a mail: the nodes race for it with one Redis {@code SET NX} of a key
 * that says what it is (a file's path, size and modification time; a mail's folder and UID), held as
 * a lease the holder renews while its service runs. A node killed mid-file stops renewing, and once
 * the lease runs out another node takes the file. One handled is marked done for a day, so a node
 * that listed it before it moved does not take it again; a file dropped again (another time or size)
 * is a new file.
 */
final class Claims {

    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);

    /** How long a claim lives unless renewed. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** How long a handled file's key says so. */
    static final Duration DONE = Duration.ofDays(1);
    /** Renews a lease that is still the holder's. KEYS: the claim; ARGV: the holder, the lease in ms. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""";
    /** Marks a file done, when still the holder's. KEYS: the claim; ARGV: the holder, the mark, its time in ms. */
    private static final String FINISH = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
            return 0""";
    /** Lets a file go, when still the holder's. KEYS: the claim; ARGV: the holder. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final Redis redis;
    private final String prefix;

    /**
     * @param kind    the channels' kind: {@code file}, {@code imap}
     * @param channel the channel whose files or mails are claimed
     */
    Claims(Redis redis, String kind, String channel) {
        this.redis = redis;
        this.prefix = "conduit:channels:" + kind + ":" + channel + ":claim:";
    }

    /** @return the key of a file as it is now: its path, size and modification time */
    static String fileKey(String path, long size, long modifiedMillis) {
        return key(path + "\n" + size + "\n" + modifiedMillis);
    }

    /** @return a short key for what the parts say */
    static String key(String parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether {@code holder} has the file now (no other node has it or handled it) */
    boolean claim(String fileKey, String holder) {
        return "OK".equals(redis.pool().set(prefix + fileKey, holder,
                SetParams.setParams().nx().px(LEASE.toMillis())));
    }

    /** @return whether the claim is still the holder's, now renewed */
    boolean renew(String fileKey, String holder) {
        return Long.valueOf(1).equals(redis.pool().eval(RENEW, List.of(prefix + fileKey),
                List.of(holder, Long.toString(LEASE.toMillis()))));
    }

    /**
     * Renews a claim a few times per lease while its file or mail is in hand.
     *
     * @param what the file or mail, for the log
     * @return what to cancel once it is done
     */
    ScheduledFuture<?> renewWhileHeld(ScheduledExecutorService renewals, String key, String holder, String what) {
        long every = LEASE.toMillis() / 3;
        return renewals.scheduleWithFixedDelay(() -> {
            try {
                if (!renew(key, holder)) {
                    LOG.warn("{}: its claim ran out while the service ran; another node may take it", what);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: its claim could not be renewed (Redis: {})", what, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Marks the file handled: no node takes it again while it has this key. */
    void finish(String fileKey, String holder) {
        redis.pool().eval(FINISH, List.of(prefix + fileKey), List.of(holder, "done by " + holder,
                Long.toString(DONE.toMillis())));
    }

    /** Lets the file go: the next poll of any node may take it (it could not be read). */
    void release(String fileKey, String holder) {
        redis.pool().eval(RELEASE, List.of(prefix + fileKey), List.of(holder));
    }
}
