package io.conduit.server.secrets;

import io.conduit.common.secrets.SecretKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets for the ODB with the cluster's key (AES-256-GCM from the JDK, a fresh 96-bit nonce
 * each time) and opens them again. A sealed secret reads {@code enc:v1:<key id>:<base64>}; a value
 * without that prefix is one written before secrets were sealed, and opens as it is.
 */
public final class SecretBox {

    /** What every sealed secret starts with. */
    public static final String PREFIX = "enc:v1:";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] ASSOCIATED = "conduit-secret-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<SecretKeys> source;
    private volatile SecretKeys keys;

    /** @param source reads the keys; called again when a secret names a key this box does not have */
    public SecretBox(Supplier<SecretKeys> source) {
        this.source = source;
        this.keys = source.get();
    }

    /** @return the keys in use, the current one first */
    public SecretKeys keys() {
        return keys;
    }

    /** Reads the keys again (after a rotation added one). */
    public SecretKeys reload() {
        keys = source.get();
        return keys;
    }

    /**
     * @param plain a secret, or null
     * @return it sealed with the current key, or null
     */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        SecretKeys.Key key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + key.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret with AES-GCM: " + e.getMessage(), e);
        }
    }

    /**
     * @param stored a value as the ODB holds it, or null
     * @param what   what it belongs to, for messages (e.g. {@code security definition 'crm'})
     * @return the secret
     * @throws SecretUnreadableException if it names a key this node does not have, or was altered
     */
    public String open(String stored, String what) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new SecretUnreadableException("the secret of " + what + " is damaged in the ODB (no key id)");
        }
        String id = stored.substring(PREFIX.length(), colon);
        SecretKeys.Key key = keys.byId(id).orElseGet(() -> reload().byId(id).orElseThrow(
                () -> new SecretUnreadableException("the secret of " + what + " is sealed with key " + id
                        + ", which this node does not have (it has " + keys.ids() + "): give every node the"
                        + " cluster's key file (secrets.keyFile) or CONDUIT_SECRETS_KEY")));
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(ASSOCIATED);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new SecretUnreadableException("the secret of " + what + " does not open with key " + id
                    + ": it was altered in the ODB");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a secret with AES-GCM: " + e.getMessage(), e);
        }
    }

    /** @return whether a stored value is sealed with the current key (a rotation seals the others again) */
    public boolean sealedWithCurrentKey(String stored) {
        return stored != null && stored.startsWith(PREFIX + keys.current().id() + ":");
    }
}
