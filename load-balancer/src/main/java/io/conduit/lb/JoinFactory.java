package io.conduit.lb;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.join.NodeJoiner;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/**
 * Nodes joining HAProxy by themselves.
 *
 * <table>
 * <caption>Configuration keys under {@code join:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>enabled</td><td>true</td><td>whether the agent adds and removes nodes</td></tr>
 * <tr><td>interval</td><td>2 seconds</td><td>how often it looks</td></tr>
 * <tr><td>staleAfter</td><td>10 seconds</td><td>a node silent this long is not added</td></tr>
 * <tr><td>removeAfter</td><td>60 seconds</td><td>a node silent this long is removed from HAProxy</td></tr>
 * </table>
 */
public class JoinFactory {

    private boolean enabled = true;

    @NotNull
    private Duration interval = Duration.seconds(2);

    @NotNull
    private Duration staleAfter = Duration.seconds(10);

    @NotNull
    private Duration removeAfter = Duration.seconds(60);

    @JsonProperty
    /** @return the joiner of nodes to HAProxy (register it with the lifecycle) */
    public NodeJoiner build(Redis redis, Haproxy haproxy, ObjectMapper mapper, Clock clock) {
        return new NodeJoiner(redis, haproxy, mapper, interval, staleAfter, removeAfter, clock);
    }

    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    @JsonProperty
    public Duration getStaleAfter() {
        return staleAfter;
    }

    @JsonProperty
    public void setStaleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    @JsonProperty
    public Duration getRemoveAfter() {
        return removeAfter;
    }

    @JsonProperty
    public void setRemoveAfter(Duration removeAfter) {
        this.removeAfter = removeAfter;
    }
}
