package io.conduit.server.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.common.Durations;
import io.conduit.common.error.InvalidInputException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A scheduled job: it invokes {@code service} with {@code payload} on its schedule, once in the
 * cluster for each due time.
 *
 * @param name     unique name
 * @param service  the service invoked
 * @param type     {@code interval}, {@code cron} or {@code one-time}
 * @param every    an interval's period, e.g. {@code 30s}
 * @param cron     a cron expression: 5 fields (minute hour day month weekday) or 6 (seconds first)
 * @param timeZone the cron expression's and local start times' zone, {@code UTC} by default
 * @param startAt  an interval's first run (later runs are every period after it; by default the
 *                 periods count from the epoch), or a one-time job's run; ISO-8601, with an offset or
 *                 local to {@code timeZone}
 * @param payload  the service's payload
 * @param misfire  runs missed while no node was up: {@code skip} them, or {@code run-once} for all of them
 * @param overlap  whether a run may start while the previous one still runs
 * @param active   a paused job does not run
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(String name, String service, String type, String every, String cron, String timeZone,
                  String startAt, JsonNode payload, String misfire, Boolean overlap, Boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    /**
     * @return the job with defaults filled in
     * @throws InvalidInputException naming the wrong field
     */
    public Job validated() {
        require(name != null && NAME.matcher(name).matches(), "name must be 1-200 letters, digits, spaces or . _ : -");
        require(service != null && !service.isBlank(), "service is required");
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        require(t.equals("interval") || t.equals("cron") || t.equals("one-time"), "type must be interval, cron or one-time");
        String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("timeZone is not a time zone: " + zone + " (e.g. UTC, Europe/Berlin)");
        }
        String m = misfire == null || misfire.isBlank() ? "skip" : misfire.trim().toLowerCase(Locale.ROOT);
        require(m.equals("skip") || m.equals("run-once"), "misfire must be skip or run-once");
        Job job = new Job(name, service.trim(), t, blankToNull(every), blankToNull(cron), zone, blankToNull(startAt),
                payload, m, overlap != null && overlap, active == null || active);
        switch (t) {
            case "interval" -> {
                require(job.every != null, "an interval job needs every, e.g. 30s");
                require(job.period().compareTo(SHORTEST) >= 0, "every must be at least 1s");
                require(job.cron == null, "cron is for cron jobs");
            }
            case "cron" -> {
                require(job.cron != null, "a cron job needs cron, e.g. */5 * * * *");
                job.executionTime();
            }
            default -> require(job.startAt != null, "a one-time job needs startAt, e.g. 2026-12-24T18:00:00Z");
        }
        if (job.startAt != null) {
            job.start();
        }
        return job;
    }

    /**
     * @param after a time
     * @return the first due time strictly after it, or empty when there is none (a one-time job done)
     */
    Optional<Instant> nextAfter(Instant after) {
        switch (type) {
            case "interval" -> {
                long period = period().toMillis();
                long anchor = startAt == null ? 0 : start().toEpochMilli();
                long t = after.toEpochMilli();
                if (t < anchor) {
                    return Optional.of(Instant.ofEpochMilli(anchor));
                }
                return Optional.of(Instant.ofEpochMilli(anchor + ((t - anchor) / period + 1) * period));
            }
            case "cron" -> {
                return executionTime().nextExecution(after.atZone(ZoneId.of(timeZone))).map(ZonedDateTime::toInstant);
            }
            default -> {
                Instant at = start();
                return at.isAfter(after) ? Optional.of(at) : Optional.empty();
            }
        }
    }

    /**
     * @param now a time
     * @return the latest due time at or before it, or empty when none was due yet
     */
    Optional<Instant> latestAtOrBefore(Instant now, Instant since) {
        if (type.equals("interval")) {
            long period = period().toMillis();
            long anchor = startAt == null ? 0 : start().toEpochMilli();
            long t = now.toEpochMilli();
            return t < anchor ? Optional.empty() : Optional.of(Instant.ofEpochMilli(anchor + (t - anchor) / period * period));
        }
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> next = nextAfter(since);
        for (int i = 0; i < 100_000 && next.isPresent() && !next.get().isAfter(now); i++) {
            latest = next;
            next = nextAfter(next.get());
        }
        return latest;
    }

    private Duration period() {
        return Durations.parse("every", every);
    }

    private ExecutionTime executionTime() {
        String[] fields = cron.trim().split("\\s+");
        CronType kind = fields.length == 6 ? CronType.SPRING : CronType.UNIX;
        try {
            return ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(kind))
                    .parse(cron.trim()).validate());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cron is not a cron expression (5 fields, or 6 with seconds first): "
                    + e.getMessage());
        }
    }

    private Instant start() {
        try {
            return java.time.OffsetDateTime.parse(startAt).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(startAt).atZone(ZoneId.of(timeZone)).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidInputException("startAt must be an ISO-8601 time, e.g. 2026-12-24T18:00:00Z or"
                        + " 2026-12-24T18:00:00 in the job's timeZone");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
