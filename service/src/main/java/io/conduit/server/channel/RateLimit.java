package io.conduit.server.channel;

import io.conduit.common.error.InvalidInputException;
import java.util.Locale;

/**
 * How many requests a channel lets through per window, cluster-wide.
 *
 * @param requests the most let through in one window
 * @param per      the window: {@code 1s}, {@code 1m} or {@code 1h}
 * @param by       what is counted apart: the whole {@code channel}, each {@code client} address, or each
 *                 {@code credential} (the caller's user name, API key or token subject)
 */
public record RateLimit(int requests, String per, String by) {

    /**
     * @param channelSecurity the channel's security definition, or {@code null}
     * @return the limit with defaults filled in ({@code by} is {@code channel})
     * @throws InvalidInputException saying which field is wrong
     */
    public RateLimit validated(String channelSecurity) {
        if (requests < 1) {
            throw new InvalidInputException("rateLimit.requests must be at least 1");
        }
        String p = per == null ? "" : per.trim().toLowerCase(Locale.ROOT);
        if (!p.equals("1s") && !p.equals("1m") && !p.equals("1h")) {
            throw new InvalidInputException("rateLimit.per must be 1s, 1m or 1h");
        }
        String b = by == null || by.isBlank() ? "channel" : by.trim().toLowerCase(Locale.ROOT);
        if (!b.equals("channel") && !b.equals("client") && !b.equals("credential")) {
            throw new InvalidInputException("rateLimit.by must be channel, client or credential");
        }
        if (b.equals("credential") && channelSecurity == null) {
            throw new InvalidInputException("rateLimit.by credential needs the channel to have a security definition");
        }
        return new RateLimit(requests, p, b);
    }

    /** @return the window's length in milliseconds */
    public long windowMillis() {
        return switch (per) {
            case "1s" -> 1_000L;
            case "1m" -> 60_000L;
            default -> 3_600_000L;
        };
    }
}
