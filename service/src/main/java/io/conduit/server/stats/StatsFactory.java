package io.conduit.server.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.stats.Resolution;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Service statistics.
 *
 * <table>
 * <caption>Configuration keys under {@code stats:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>enabled</td><td>true</td><td>whether invocations are timed and sent to Redis</td></tr>
 * <tr><td>flushInterval</td><td>1 second</td><td>how often the totals go to Redis</td></tr>
 * <tr><td>minutesTtl</td><td>2 days</td><td>how long minute buckets live in Redis</td></tr>
 * <tr><td>hoursTtl</td><td>90 days</td><td>how long hour buckets live</td></tr>
 * <tr><td>daysTtl</td><td>1095 days</td><td>how long day buckets live (three years)</td></tr>
 * <tr><td>backlogMinutes</td><td>120</td><td>minutes of statistics kept in memory while Redis is away;
 * older ones are dropped and counted in the {@code stats.lostCalls} metric</td></tr>
 * <tr><td>slowThreshold</td><td>1 second</td><td>a call this slow is kept in its service's slow-call log
 * (the last 100)</td></tr>
 * <tr><td>slowThresholds</td><td>none</td><td>per-service thresholds, e.g. {@code tutorial.get-client-details: 200ms}</td></tr>
 * </table>
 */
public class StatsFactory {

    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration flushInterval = Duration.seconds(1);

    @NotNull
    private Duration minutesTtl = Duration.days(2);

    @NotNull
    private Duration hoursTtl = Duration.days(90);

    @NotNull
    private Duration daysTtl = Duration.days(1095);

    @Min(1)
    private int backlogMinutes = 120;

    @NotNull
    private Duration slowThreshold = Duration.seconds(1);

    @NotNull
    private Map<String, Duration> slowThresholds = new HashMap<>();

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Duration getFlushInterval() {
        return flushInterval;
    }

    @JsonProperty
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    @JsonProperty
    public Duration getMinutesTtl() {
        return minutesTtl;
    }

    @JsonProperty
    public void setMinutesTtl(Duration minutesTtl) {
        this.minutesTtl = minutesTtl;
    }

    @JsonProperty
    public Duration getHoursTtl() {
        return hoursTtl;
    }

    @JsonProperty
    public void setHoursTtl(Duration hoursTtl) {
        this.hoursTtl = hoursTtl;
    }

    @JsonProperty
    public Duration getDaysTtl() {
        return daysTtl;
    }

    @JsonProperty
    public void setDaysTtl(Duration daysTtl) {
        this.daysTtl = daysTtl;
    }

    @JsonProperty
    public int getBacklogMinutes() {
        return backlogMinutes;
    }

    @JsonProperty
    public void setBacklogMinutes(int backlogMinutes) {
        this.backlogMinutes = backlogMinutes;
    }

    @JsonProperty
    public Duration getSlowThreshold() {
        return slowThreshold;
    }

    @JsonProperty
    public void setSlowThreshold(Duration slowThreshold) {
        this.slowThreshold = slowThreshold;
    }

    @JsonProperty
    public Map<String, Duration> getSlowThresholds() {
        return slowThresholds;
    }

    @JsonProperty
    public void setSlowThresholds(Map<String, Duration> slowThresholds) {
        this.slowThresholds = slowThresholds == null ? new HashMap<>() : slowThresholds;
    }

    /** @return the recorder, given this node's name */
    public StatsRecorder buildRecorder(String node, java.time.Clock clock) {
        Map<String, Long> thresholds = new HashMap<>();
        slowThresholds.forEach((service, d) -> thresholds.put(service, d.toNanoseconds()));
        return new StatsRecorder(thresholds, slowThreshold.toNanoseconds(), node, clock);
    }

    /**
     * @param instance this node instance, {@code <node>@<start millis>}
     * @param totals   where every flushed interval is also added, for Prometheus
     * @return the flusher of the recorder's statistics to Redis (register it with the lifecycle)
     */
    public StatsFlusher buildFlusher(StatsRecorder recorder, io.conduit.common.redis.Redis redis,
                                     com.fasterxml.jackson.databind.ObjectMapper mapper, String instance,
                                     java.time.Clock clock, com.codahale.metrics.MetricRegistry metrics,
                                     ServiceMetrics totals) {
        return new StatsFlusher(recorder, new RedisStatsSink(redis, mapper, instance, ttls()),
                flushInterval.toJavaDuration(), backlog(), clock, metrics.counter("stats.failedFlushes"),
                metrics.counter("stats.lostCalls"), totals);
    }

    /** @return each resolution's TTL */
    public Map<Resolution, java.time.Duration> ttls() {
        return Map.of(Resolution.MINUTE, minutesTtl.toJavaDuration(), Resolution.HOUR, hoursTtl.toJavaDuration(),
                Resolution.DAY, daysTtl.toJavaDuration());
    }

    /** @return the past buckets of each resolution kept while Redis is away */
    public Map<Resolution, Integer> backlog() {
        return Map.of(Resolution.MINUTE, backlogMinutes,
                Resolution.HOUR, Math.max(2, backlogMinutes / 60 + 1),
                Resolution.DAY, Math.max(2, backlogMinutes / 1440 + 1));
    }
}
