package io.conduit.common.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cluster's keys for its secrets at rest: 256-bit AES keys, one per line in base64 (lines
 * starting with {@code #} are comments). The first one seals; any of them opens, so a rotation can
 * add the new key before the secrets are sealed again. Each key is known by an id made from its
 * hash, which is stored with every sealed secret; the key itself never is.
 */
public final class SecretKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key and its id; the key's bytes never print. */
    public record Key(String id, SecretKey key) {
        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final List<Key> keys;

    private SecretKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param text   the keys, one base64 key per line, the current one first
     * @param source where they came from, for messages (never the keys themselves)
     * @throws IllegalArgumentException if there is no key, or a line is not a 256-bit base64 key
     */
    public static SecretKeys parse(String text, String source) {
        List<Key> keys = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            String value = line.strip();
            if (value.isEmpty() || value.startsWith("#")) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ", line " + n + ": not base64");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException(source + ", line " + n + ": a key is 32 bytes (256 bits), not "
                        + bytes.length);
            }
            keys.add(new Key(idOf(bytes), new SecretKeySpec(bytes, "AES")));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no key");
        }
        return new SecretKeys(keys);
    }

    /** @return a new random key, as a line of a key file */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** @return the key that seals */
    public Key current() {
        return keys.get(0);
    }

    /** @return the key of that id, if this ring has it */
    public Optional<Key> byId(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** @return the ids, the current one first */
    public List<String> ids() {
        return keys.stream().map(Key::id).toList();
    }

    @Override
    public String toString() {
        return "SecretKeys" + ids();
    }

    private static String idOf(byte[] key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    ("conduit-key-id:" + Base64.getEncoder().encodeToString(key)).getBytes(StandardCharsets.UTF_8));
            return "k" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file a key file
     * @return its keys
     * @throws IllegalStateException if it cannot be read or holds no valid key
     */
    public static SecretKeys read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the cluster's secrets key " + file + " (" + e.getMessage()
                    + "): bin/conduit start makes it (mode 0600), or give the key in CONDUIT_SECRETS_KEY");
        }
        try {
            return SecretKeys.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the cluster's secrets key is unusable: " + e.getMessage());
        }
    }
}
