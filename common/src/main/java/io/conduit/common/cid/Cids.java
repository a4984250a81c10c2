package io.conduit.common.cid;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Correlation ids: 32 lower-case hex digits (128 random bits), the form of a W3C trace id, because a
 * call's cid is its trace id. Every call a Conduit part answers has one: in its log lines, in
 * {@link #HEADER} of the answer, in every error body, and passed on to backends.
 */
public final class Cids {

    /** The header a cid travels in, in answers and in outgoing calls. */
    public static final String HEADER = "X-Conduit-CID";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Cids() {
    }

    /** @return a new cid, never all zeros (an invalid trace id) */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong() | 1;
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
