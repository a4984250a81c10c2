package io.conduit.dashboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.error.InvalidInputException;
import io.conduit.common.redis.Redis;
import io.conduit.common.stats.StatsKeys;
import io.conduit.dashboard.stats.CsvReport;
import io.conduit.dashboard.stats.Period;
import io.conduit.dashboard.stats.Periods;
import io.conduit.dashboard.stats.StatsCalculator;
import io.conduit.dashboard.stats.StatsQuery;
import io.conduit.dashboard.stats.StatsReport;
import io.conduit.dashboard.stats.StatsSeries;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics' JSON API (docs/OPERATIONS.md, "Statistics"): the top N slowest or most used services of a period, one
 * service's figures and its slow calls; CSV with {@code format=csv} or {@code Accept: text/csv}.
 */
@Path("/stats")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
public final class StatsResource {

    private final StatsCalculator calculator;
    private final Periods periods;
    private final Redis redis;
    private final ObjectMapper mapper;

    public StatsResource(StatsCalculator calculator, Periods periods, Redis redis, ObjectMapper mapper) {
        this.calculator = calculator;
        this.periods = periods;
        this.redis = redis;
        this.mapper = mapper;
    }

    @GET
    @Path("top")
    public Response top(@QueryParam("by") @DefaultValue("mean") String by, @QueryParam("n") @DefaultValue("10") int n,
                        @QueryParam("period") String period, @QueryParam("start") String start,
                        @QueryParam("stop") String stop, @QueryParam("shift") @DefaultValue("0") int shift,
                        @QueryParam("compare") String compare,
                        @QueryParam("percentiles") @DefaultValue("true") boolean percentiles,
                        @QueryParam("internal") @DefaultValue("false") boolean internal,
                        @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        Period p = period(period, start, stop).shift(shift);
        return answer(report(p, by, n, null, percentiles, internal, compare), format, accept);
    }

    @GET
    @Path("services/{name}")
    public Response service(@PathParam("name") String name, @QueryParam("period") String period,
                            @QueryParam("start") String start, @QueryParam("stop") String stop,
                            @QueryParam("shift") @DefaultValue("0") int shift, @QueryParam("compare") String compare,
                            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        Period p = period(period, start, stop).shift(shift);
        return answer(report(p, "mean", 1, name, true, true, compare), format, accept);
    }

    /**
     * The period slice by slice for the Statistics page's charts: every service's calls and failures,
     * the {@code n} most used services' calls and the rest's; with {@code compare}, the other period's too;
     * with {@code service}, that service's alone.
     */
    @GET
    @Path("series")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSeries series(@QueryParam("period") String period, @QueryParam("start") String start,
                              @QueryParam("stop") String stop, @QueryParam("shift") @DefaultValue("0") int shift,
                              @QueryParam("n") @DefaultValue("5") int n, @QueryParam("compare") String compare,
                              @QueryParam("service") String service) {
        Period p = period(period, start, stop).shift(shift);
        String only = service == null || service.isBlank() ? null : service;
        StatsSeries series = calculator.series(p, n, only);
        return compare == null || compare.isBlank() ? series
                : series.comparedWith(calculator.series(other(p, compare), n, only));
    }

    /** How call durations were spread in the period: every service's, or one's ({@code service=}). */
    @GET
    @Path("spread")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSeries.Spread spread(@QueryParam("period") String period, @QueryParam("start") String start,
                                     @QueryParam("stop") String stop, @QueryParam("shift") @DefaultValue("0") int shift,
                                     @QueryParam("service") String service) {
        return calculator.spread(period(period, start, stop).shift(shift), service == null || service.isBlank() ? null
                : service);
    }

    /** The service's p50, p95 and p99 in each slice of the period, for its charts. */
    @GET
    @Path("services/{name}/percentiles")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsCalculator.PercentileTrends percentiles(@PathParam("name") String name,
                                                        @QueryParam("period") String period,
                                                        @QueryParam("start") String start,
                                                        @QueryParam("stop") String stop,
                                                        @QueryParam("shift") @DefaultValue("0") int shift) {
        return calculator.percentileTrends(period(period, start, stop).shift(shift), name);
    }

    /** The service's last slow calls, newest first. */
    @GET
    @Path("services/{name}/slow")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Object> slow(@PathParam("name") String name) throws IOException {
        List<Object> calls = new ArrayList<>();
        for (String json : redis.read(jedis -> jedis.lrange(StatsKeys.slowCalls(name), 0, 99))) {
            calls.add(mapper.readTree(json));
        }
        return calls;
    }

    /** The periods the API knows, for menus. */
    @GET
    @Path("periods")
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> periods() {
        return Periods.NAMES;
    }

    private StatsReport report(Period p, String by, int n, String service, boolean percentiles, boolean internal,
                               String compare) {
        StatsReport report = calculator.compute(new StatsQuery(p, by, n, service, percentiles, internal));
        if (compare == null || compare.isBlank()) {
            return report;
        }
        return report.comparedWith(calculator.compute(new StatsQuery(other(p, compare), by, n, service, percentiles,
                internal)));
    }

    /** @return the period a {@code compare=} names */
    private static Period other(Period p, String compare) {
        return switch (compare) {
            case "previous" -> p.shift(-1);
            case "day" -> p.minus(Duration.ofDays(1));
            case "week" -> p.minus(Duration.ofDays(7));
            default -> throw new InvalidInputException("compare must be previous, day or week");
        };
    }

    private Period period(String name, String start, String stop) {
        if (start != null || stop != null) {
            if (start == null || stop == null) {
                throw new InvalidInputException("give both start and stop (ISO-8601, e.g. 2026-11-25T10:00:00Z)");
            }
            try {
                return periods.custom(Instant.parse(start), Instant.parse(stop));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("start and stop must be ISO-8601 instants, e.g. 2026-11-25T10:00:00Z");
            }
        }
        return periods.named(name == null ? "last-hour" : name);
    }

    private static Response answer(StatsReport report, String format, String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null
                && accept.contains("text/csv") && !accept.contains("application/json"));
        if (csv) {
            return Response.ok(CsvReport.of(report), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"conduit-stats-" + report.period() + ".csv\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
