package io.conduit.server.users;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * This node's users, swapped in with each release, and the check of their passwords. A password
 * hash costs about a tenth of a second to check, so once a password matched, the node keeps an HMAC
 * of it under a key of its own (made at start, never stored) beside the hash it matched: the next
 * request with the same password costs a map lookup. A new hash (a changed password) or a deleted
 * user drops what was kept.
 */
public final class UserDirectory implements Reloadable, BasicAuthFilter.Users {

    private record Verified(String hash, byte[] mac) {
    }

    private final String reserved;
    private final byte[] key = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Map<String, User> users = Map.of();

    /** @param reserved the cluster's own admin's name: no user of that name is let in (the admin is) */
    public UserDirectory(String reserved) {
        this.reserved = reserved;
        new SecureRandom().nextBytes(key);
    }

    @Override
    public void reload(Configuration configuration) {
        Map<String, User> next = configuration.list(User.KIND).stream()
                .collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        users = next;
        verified.entrySet().removeIf(e -> {
            User user = next.get(e.getKey());
            return user == null || user.password() == null || !user.password().reveal().equals(e.getValue().hash());
        });
    }

    /** @return the caller these credentials are, or null when they are not a user's */
    @Override
    public Caller check(String name, String password) {
        User user = users.get(name);
        if (user == null || user.password() == null || name.equals(reserved)) {
            return null;
        }
        String hash = user.password().reveal();
        byte[] mac = mac(password);
        Verified known = verified.get(name);
        if (known != null && known.hash().equals(hash) && MessageDigest.isEqual(known.mac(), mac)) {
            return caller(user);
        }
        if (!user.passwordMatches(password)) {
            return null;
        }
        verified.put(name, new Verified(hash, mac));
        return caller(user);
    }


    private static Caller caller(User user) {
        return new Caller(user.name(), user.roles());
    }

    private byte[] mac(String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks HmacSHA256", e);
        }
    }
}
