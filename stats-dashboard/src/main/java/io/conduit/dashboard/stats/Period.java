package io.conduit.dashboard.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A period of statistics, [start, stop), cut into the slices its trends are drawn with. Named
 * periods follow the calendar of a time zone, so stepping back from a month gives the previous
 * month, however long.
 *
 * @param name  {@code last-hour}, {@code today}, ... or {@code custom}
 * @param start the first instant
 * @param stop  the instant after the last
 * @param zone  the time zone of its calendar
 * @param slice how one slice's start becomes the next one's
 * @param step     how the period's start becomes the next period's
 * @param stepBack how the period's start becomes the previous period's
 */
public record Period(String name, ZonedDateTime start, ZonedDateTime stop, ZoneId zone,
                     UnaryOperator<ZonedDateTime> slice, UnaryOperator<ZonedDateTime> step,
                     UnaryOperator<ZonedDateTime> stepBack) {

    /** @return the period's slices, each [start, stop) */
    public List<Slice> slices() {
        List<Slice> slices = new ArrayList<>();
        for (ZonedDateTime s = start; s.isBefore(stop); ) {
            ZonedDateTime next = slice.apply(s);
            ZonedDateTime end = next.isAfter(stop) ? stop : next;
            slices.add(new Slice(s.toInstant(), end.toInstant()));
            s = next;
        }
        return slices;
    }

    /** @return the period {@code n} steps later (negative: earlier), e.g. the previous month for -1 */
    public Period shift(int n) {
        ZonedDateTime s = start;
        ZonedDateTime e = stop;
        for (int i = 0; i < Math.abs(n); i++) {
            s = n > 0 ? step.apply(s) : stepBack.apply(s);
            e = n > 0 ? step.apply(e) : stepBack.apply(e);
        }
        return new Period(name, s, e, zone, slice, step, stepBack);
    }

    /** @return the same period moved by a fixed amount (a day or a week earlier, for comparisons) */
    public Period minus(Duration amount) {
        return new Period(name, start.minus(amount), stop.minus(amount), zone, slice, step, stepBack);
    }

    /** @return the seconds of the period that have passed by {@code now} (0 for a future period) */
    public double elapsedSeconds(Instant now) {
        Instant end = stop.toInstant().isAfter(now) ? now : stop.toInstant();
        return Math.max(0, Duration.between(start.toInstant(), end).toMillis() / 1000.0);
    }

    /** One slice of a period's trend. */
    public record Slice(Instant start, Instant stop) {
    }
}
