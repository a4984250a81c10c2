package io.conduit.server.users;

import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
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

    private final SingleSignOn sso;

    /**
     * @param reserved the cluster's own admin's name: no user of that name is let in (the admin is)
     * @param sso      the identity provider's token check, or null when single sign-on is off
     */
    public UserDirectory(String reserved, SingleSignOn sso) {
        this.reserved = reserved;
        this.sso = sso;
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


    /**
     * A bearer token is a user when its subject is the user's {@code oidcSubject}, or one of its groups
     * is ({@code group:NAME}); with several, the caller holds the roles of all of them.
     */
    @Override
    public BasicAuthFilter.Bearer checkBearer(String token) {
        if (sso == null) {
            return null;
        }
        SingleSignOn.Identity identity;
        try {
            identity = sso.check(token);
        } catch (IllegalArgumentException e) {
            throw new BasicAuthFilter.RefusedTokenException(e.getMessage());
        }
        List<User> matched = users.values().stream().filter(u -> u.oidcSubject() != null
                && !u.name().equals(reserved) && (u.oidcSubject().equals(identity.subject())
                || identity.groups().stream().anyMatch(g -> u.oidcSubject().equals("group:" + g)))).toList();
        if (matched.isEmpty()) {
            throw new BasicAuthFilter.RefusedTokenException("no user of the cluster has the oidcSubject '"
                    + identity.subject() + "'" + (identity.groups().isEmpty() ? "" : " or one of its groups ("
                    + String.join(", ", identity.groups().stream().map(g -> "group:" + g).toList()) + ")")
                    + "; an admin can make one at /conduit/admin/users");
        }
        User bySubject = matched.stream().filter(u -> u.oidcSubject().equals(identity.subject())).findFirst().orElse(null);
        String name = bySubject != null ? bySubject.name() : identity.username();
        List<Grant> grants = matched.stream().flatMap(u -> u.roles().stream()).distinct().toList();
        return new BasicAuthFilter.Bearer(name, new Caller(name, grants));
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
