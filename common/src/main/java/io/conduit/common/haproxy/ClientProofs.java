package io.conduit.common.haproxy;

import io.conduit.common.redis.Redis;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a node knows that a verified client certificate's subject came from the cluster's HAProxy and
 * not from a caller who reached the node's port directly: HAProxy adds {@link #HEADER}, a random
 * proof made when its configuration was rendered, beside the subject; the LB agent publishes the
 * SHA-256 of the proof of the configuration it serves in Redis ({@link #KEY}) every few seconds; a node
 * trusts the subject only when the SHA-256 of the request's proof was published within {@link #FRESH}.
 * The proof itself is only in HAProxy's configuration and the requests HAProxy sends: not in Redis,
 * so not even a reader of Redis can pass a subject.
 */
public final class ClientProofs {

    /** The request header HAProxy sends the proof in (it removes any a client sent). */
    public static final String HEADER = "X-Conduit-Client-Proof";
    /** The Redis hash of the proofs the LB agents serve: a proof's SHA-256 (hex) to when it was last published (epoch ms). */
    public static final String KEY = "conduit:lb:client-proofs";
    /** How long a published proof is trusted without being published again. */
    public static final Duration FRESH = Duration.ofMinutes(5);
    private static final Duration FORGOTTEN = Duration.ofDays(1);
    private static final Pattern LINE = Pattern.compile("(?m)(^\\s*http-request\\s+set-header\\s+" + HEADER + "\\s+)(\\S+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientProofs() {
    }

    /** @return a new proof: 32 random bytes, URL-safe base64 */
    public static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the proof a rendered HAProxy configuration sends, if it sends one */
    public static Optional<String> of(String config) {
        Matcher m = LINE.matcher(config);
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** @return a configuration with its proof shown as {@code mask}: for answers, which never hold secrets */
    public static String masked(String config, String mask) {
        return LINE.matcher(config).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + mask));
    }

    /** @return a submitted configuration with a masked proof put back from {@code current} (a new one typed stays) */
    public static String unmasked(String submitted, String current, String mask) {
        String proof = of(current).orElse(null);
        return LINE.matcher(submitted).replaceAll(m -> Matcher.quoteReplacement(m.group(2).equals(mask) && proof != null
                ? m.group(1) + proof : m.group(0)));
    }

    /** Says in Redis that this proof is served now; forgets proofs nobody published for a day. */
    public static void publish(Redis redis, String proof, long nowMillis) {
        redis.pool().hset(KEY, digest(proof), String.valueOf(nowMillis));
        for (Map.Entry<String, String> e : redis.pool().hgetAll(KEY).entrySet()) {
            if (nowMillis - parse(e.getValue()) > FORGOTTEN.toMillis()) {
                redis.pool().hdel(KEY, e.getKey());
            }
        }
    }

    /** @return the digests of the proofs published within {@link #FRESH} (compare with {@link #digest}) */
    public static Set<String> fresh(Redis redis, long nowMillis) {
        Set<String> fresh = new HashSet<>();
        redis.read(r -> r.hgetAll(KEY)).forEach((proof, at) -> {
            if (nowMillis - parse(at) <= FRESH.toMillis()) {
                fresh.add(proof);
            }
        });
        return Set.copyOf(fresh);
    }

    /** @return a proof's SHA-256, in hex: what Redis holds of it */
    public static String digest(String proof) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(proof.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parse(String millis) {
        try {
            return Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
