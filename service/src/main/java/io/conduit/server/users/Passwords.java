package io.conduit.server.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users' passwords, kept only as salted PBKDF2-HMAC-SHA256 hashes (600,000 iterations, OWASP's
 * figure): {@code $pbkdf2-sha256$600000$<salt>$<hash>}, both in unpadded base64. A hash is never
 * turned back into the password; checking one costs about a tenth of a second, so a node keeps what
 * it has checked ({@link UserDirectory}).
 */
public final class Passwords {

    static final String PREFIX = "$pbkdf2-sha256$";
    private static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODE = Base64.getEncoder().withoutPadding();

    private Passwords() {
    }

    /** @return the hash of a password, with a new random salt */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PREFIX + ITERATIONS + "$" + ENCODE.encodeToString(salt) + "$"
                + ENCODE.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** @return whether the text is a hash this class made (otherwise it is a password still to hash) */
    public static boolean isHash(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /**
     * @return whether the password is the one hashed
     * @throws IllegalArgumentException if {@code hash} is not a hash of this form
     */
    public static boolean matches(String password, String hash) {
        String[] parts = isHash(hash) ? hash.substring(PREFIX.length()).split("\\$") : new String[0];
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a password hash of the form " + PREFIX + "ITERATIONS$SALT$HASH");
        }
        int iterations = Integer.parseInt(parts[0]);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    /** @return what is wrong with a hash given as such, or null when it is well formed */
    static String problemOf(String hash) {
        String[] parts = hash.substring(PREFIX.length()).split("\\$");
        try {
            if (parts.length == 3 && Integer.parseInt(parts[0]) >= 100_000 && Base64.getDecoder().decode(parts[1]).length >= 8
                    && Base64.getDecoder().decode(parts[2]).length == HASH_BITS / 8) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        return "looks like a password hash but is not one of the form " + PREFIX
                + "ITERATIONS$SALT$HASH (at least 100000 iterations); send the password itself, it is hashed here";
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
