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
}
