package io.conduit.server.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

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
@Checked
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(
        @Name String name,
        @JsonPropertyDescription("the service invoked") @NotBlank String service,
        @JsonPropertyDescription("interval, cron or one-time") @NotNull Type type,
        @JsonPropertyDescription("an interval job's period, e.g. 30s") Duration every,
        @JsonPropertyDescription("a cron job's expression: 5 fields, or 6 with seconds first") String cron,
        @JsonProperty(defaultValue = "UTC") @JsonPropertyDescription("the zone of the cron expression and of local start times")
        String timeZone,
        @JsonPropertyDescription("an interval's first run, or a one-time job's run: ISO-8601, with an offset or local to timeZone")
        String startAt,
        @JsonPropertyDescription("the service's payload") JsonNode payload,
        @JsonProperty(defaultValue = "skip")
        @JsonPropertyDescription("runs missed while no node was up: skip them, or run-once for all of them")
        Misfire misfire,
        @JsonProperty(defaultValue = "false") @JsonPropertyDescription("whether a run may start while the previous one runs")
        boolean overlap,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("a paused job does not run")
        boolean active) implements Configured, CrossChecked {

    /** Scheduled jobs: {@code /conduit/admin/scheduler/jobs}. */
    public static final Kind<Job> KIND = Kind.of("scheduler/jobs", "scheduled job", Job.class)
            .refersToService("service", Job::service).viewOnly("nextRun", "lastRun");

    private static final Duration SHORTEST = Duration.ofSeconds(1);

    /** How a job's due times come. */
    public enum Type {
        INTERVAL, CRON, ONE_TIME;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What happens to runs missed while no node was up. */
    public enum Misfire {
        SKIP, RUN_ONCE;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Job {
        service = service == null ? null : service.trim();
        cron = cron == null || cron.isBlank() ? null : cron.trim();
        timeZone = timeZone == null || timeZone.isBlank() ? null : timeZone.trim();
        startAt = startAt == null || startAt.isBlank() ? null : startAt.trim();
    }

    /** @return this job, paused ({@code false}) or running on its schedule ({@code true}) */
    public Job withActive(boolean active) {
        return new Job(name, service, type, every, cron, timeZone, startAt, payload, misfire, overlap, active);
    }

    @Override
    public void check(Findings findings) {
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                findings.add("timeZone", "is not a time zone: " + timeZone + " (e.g. UTC, Europe/Berlin)");
                return;
            }
        }
        if (type == Type.INTERVAL) {
            findings.require(every != null, "every", "is required for an interval job, e.g. 30s");
            findings.require(every == null || every.compareTo(SHORTEST) >= 0, "every", "must be at least 1s");
            findings.require(cron == null, "cron", "is for cron jobs");
        } else if (type == Type.CRON) {
            findings.require(cron != null, "cron", "is required for a cron job, e.g. */5 * * * *");
            if (cron != null) {
                try {
                    executionTime();
                } catch (InvalidInputException e) {
                    findings.add("cron", e.getMessage());
                }
            }
        } else if (type == Type.ONE_TIME) {
            findings.require(startAt != null, "startAt", "is required for a one-time job, e.g. 2026-12-24T18:00:00Z");
        }
        if (startAt != null) {
            try {
                start();
            } catch (InvalidInputException e) {
                findings.add("startAt", e.getMessage());
            }
        }
    }

    /**
     * @param after a time
     * @return the first due time strictly after it, or empty when there is none (a one-time job done)
     */
    Optional<Instant> nextAfter(Instant after) {
        switch (type) {
            case INTERVAL -> {
                long period = period().toMillis();
                long anchor = startAt == null ? 0 : start().toEpochMilli();
                long t = after.toEpochMilli();
                if (t < anchor) {
                    return Optional.of(Instant.ofEpochMilli(anchor));
                }
                return Optional.of(Instant.ofEpochMilli(anchor + ((t - anchor) / period + 1) * period));
            }
            case CRON -> {
                return executionTime().nextExecution(after.atZone(zone())).map(ZonedDateTime::toInstant);
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
        if (type == Type.INTERVAL) {
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
        return every;
    }

    private ExecutionTime executionTime() {
        String[] fields = cron.trim().split("\\s+");
        CronType kind = fields.length == 6 ? CronType.SPRING : CronType.UNIX;
        try {
            return ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(kind))
                    .parse(cron.trim()).validate());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("is not a cron expression (5 fields, or 6 with seconds first): "
                    + e.getMessage());
        }
    }

    private Instant start() {
        try {
            return java.time.OffsetDateTime.parse(startAt).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(startAt).atZone(zone()).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidInputException("must be an ISO-8601 time, e.g. 2026-12-24T18:00:00Z or"
                        + " 2026-12-24T18:00:00 in the job's timeZone");
            }
        }
    }

    private ZoneId zone() {
        return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    }
}
