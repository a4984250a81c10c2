package io.conduit.common.cid;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Correlation ids: 24 lower-case hex digits (96 random bits), unique enough to find in logs. Every
 * call a Conduit part answers has one: in its log lines, in {@link #HEADER} of the answer, in every
 * error body, and passed on to backends.
 */
public final class Cids {

    /** The header a cid travels in, in answers and in outgoing calls. */
    public static final String HEADER = "X-Conduit-CID";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Cids() {
    }

    /** @return a new cid */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        int low = random.nextInt();
        char[] out = new char[24];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
        }
        for (int i = 0; i < 8; i++) {
            out[16 + i] = HEX[(low >>> (28 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
