package io.conduit.common.stats;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The histograms behind percentiles: microseconds from 1 µs to one hour, two significant digits,
 * stored compressed and Base64-encoded. Histograms from several nodes and buckets add up exactly.
 */
public final class Histograms {

    /** The longest duration a histogram holds; longer calls count as this long. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    private Histograms() {
    }

    /** @return an empty histogram */
    public static Histogram empty() {
        return new Histogram(1, HIGHEST_MICROS, 2);
    }

    /**
     * @return an empty histogram whose memory grows with the values it holds (a few hundred bytes
     * for a service whose calls take similar times, instead of 27 KB), for the ones kept long
     */
    public static PackedHistogram packed() {
        return new PackedHistogram(1, HIGHEST_MICROS, 2);
    }

    /** @return a duration in the histogram's unit, clamped to its range */
    public static long micros(long nanos) {
        return Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
    }

    /** @return the histogram as stored in Redis */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * @param text what {@link #encode} wrote
     * @return the histogram
     * @throws IllegalArgumentException if the text is not a histogram
     */
    public static Histogram decode(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 1);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a statistics histogram: " + e.getMessage(), e);
        }
    }
}
