package io.conduit.server.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A password, key or token secret of a configured object. It never shows itself: {@code toString}
 * is {@code ***}, the admin API says only whether one is set, an export writes a {@code ${VAR}}
 * placeholder, and the ODB holds it sealed with the cluster's key ({@link ConfigJson} decides
 * which, by purpose). Only the code that presents or checks it calls {@link #reveal()}.
 */
public final class Secret {

    /** What a secret looks like wherever it is shown. */
    public static final String MASK = "***";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @param value the secret, or null or empty for none
     * @return the secret, or null when there is none
     */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    /** @return the secret itself, for the code that presents or checks it */
    public String reveal() {
        return value;
    }

    /** @return the secret's length in UTF-8 bytes, for rules on its strength */
    public int byteLength() {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
