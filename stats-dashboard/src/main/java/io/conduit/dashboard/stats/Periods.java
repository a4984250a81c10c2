package io.conduit.dashboard.stats;

import io.conduit.common.error.InvalidInputException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The periods the dashboard offers, in a time zone (UTC by default), computed from a clock:
 * last hour (60 one-minute slices), today and yesterday (24 hours), this week from Monday (7 days),
 * this month (its days), this year (12 months), and custom spans (at most 60 slices of a round length).
 */
public final class Periods {

    /** The names of the periods, in menu order. */
    public static final List<String> NAMES = List.of("last-hour", "today", "yesterday", "this-week", "this-month",
            "this-year");

    private static final List<Duration> CUSTOM_SLICES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));

    private final Clock clock;
    private final ZoneId zone;

    public Periods(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the period as of now
     * @throws InvalidInputException for an unknown name
     */
    public Period named(String name) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime today = now.truncatedTo(ChronoUnit.DAYS);
        return switch (name) {
            case "last-hour" -> {
                ZonedDateTime end = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                yield new Period(name, end.minusHours(1), end, zone, t -> t.plusMinutes(1), t -> t.plusHours(1),
                        t -> t.minusHours(1));
            }
            case "today" -> day(name, today);
            case "yesterday" -> day(name, today.minusDays(1));
            case "this-week" -> {
                ZonedDateTime monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Period(name, monday, monday.plusWeeks(1), zone, t -> t.plusDays(1), t -> t.plusWeeks(1),
                        t -> t.minusWeeks(1));
            }
            case "this-month" -> {
                ZonedDateTime first = today.withDayOfMonth(1);
                yield new Period(name, first, first.plusMonths(1), zone, t -> t.plusDays(1), t -> t.plusMonths(1),
                        t -> t.minusMonths(1));
            }
            case "this-year" -> {
                ZonedDateTime first = today.withDayOfYear(1);
                yield new Period(name, first, first.plusYears(1), zone, t -> t.plusMonths(1), t -> t.plusYears(1),
                        t -> t.minusYears(1));
            }
            default -> throw new InvalidInputException("period must be one of " + NAMES
                    + ", or give start and stop");
        };
    }

    /**
     * @return [start, stop), minute-aligned, in slices of a round length, at most 60 of them
     * @throws InvalidInputException if stop is not after start, or the span is over ten years
     */
    public Period custom(Instant start, Instant stop) {
        ZonedDateTime s = start.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime e = stop.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        if (!e.isAfter(s)) {
            throw new InvalidInputException("stop must be at least a minute after start");
        }
        Duration span = Duration.between(s, e);
        if (span.compareTo(Duration.ofDays(3660)) > 0) {
            throw new InvalidInputException("a custom period spans ten years at most");
        }
        Duration slice = CUSTOM_SLICES.stream().filter(d -> span.toMinutes() / d.toMinutes() <= 60).findFirst()
                .orElse(Duration.ofDays(30));
        UnaryOperator<ZonedDateTime> forward = t -> t.plus(span);
        UnaryOperator<ZonedDateTime> back = t -> t.minus(span);
        return new Period("custom", s, e, zone, t -> t.plus(slice), forward, back);
    }

    private Period day(String name, ZonedDateTime start) {
        return new Period(name, start, start.plusDays(1), zone, t -> t.plusHours(1), t -> t.plusDays(1),
                t -> t.minusDays(1));
    }
}
