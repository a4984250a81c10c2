package io.conduit.common;

import io.conduit.common.error.InvalidInputException;
import java.time.Duration;

/** Durations as operators write them in the admin API: {@code 100ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param field the field's name, for the error
     * @param text  a number and a unit ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}), or whole seconds
     * @return the duration
     * @throws InvalidInputException naming the field when the text is not a duration
     */
    public static Duration parse(String field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            return io.dropwizard.util.Duration.parse(t).toJavaDuration();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + " must be a duration like 500ms, 30s, 5m or 1h, not '" + text + "'");
        }
    }

    /**
     * @param duration a duration
     * @return it as operators write it, in the largest unit that holds it whole: {@code 250ms},
     *     {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
