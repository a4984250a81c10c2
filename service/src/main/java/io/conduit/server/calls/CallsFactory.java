package io.conduit.server.calls;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.redis.Redis;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/**
 * Recorded calls: channel calls that failed or were slow, kept in Redis for a while.
 *
 * <table>
 * <caption>Configuration keys under {@code calls:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>enabled</td><td>true</td><td>whether failed and slow calls are recorded</td></tr>
 * <tr><td>slowThreshold</td><td>1 second</td><td>a call this slow is recorded; a channel's
 * {@code recordSlowerThan} overrides it</td></tr>
 * <tr><td>ttl</td><td>24 hours</td><td>how long a record lives in Redis</td></tr>
 * <tr><td>maxPerService</td><td>1000</td><td>the newest records kept per service</td></tr>
 * <tr><td>maxBodySize</td><td>64 KiB</td><td>the most of a request's or response's body kept</td></tr>
 * </table>
 */
public class CallsFactory {

    private boolean enabled = true;

    @NotNull
    private Duration slowThreshold = Duration.seconds(1);

    @NotNull
    private Duration ttl = Duration.hours(24);

    @Min(1)
    private int maxPerService = 1000;

    @NotNull
    private DataSize maxBodySize = DataSize.kibibytes(64);

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
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
    public Duration getTtl() {
        return ttl;
    }

    @JsonProperty
    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    @JsonProperty
    public int getMaxPerService() {
        return maxPerService;
    }

    @JsonProperty
    public void setMaxPerService(int maxPerService) {
        this.maxPerService = maxPerService;
    }

    @JsonProperty
    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    @JsonProperty
    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    /** @return the store of recorded calls */
    public CallStore buildStore(Redis redis, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return new CallStore(redis, mapper, ttl.toJavaDuration(), maxPerService);
    }

    /** @return the recorder (manage it), or null when recording is off */
    public CallRecorder buildRecorder(CallStore store, com.fasterxml.jackson.databind.ObjectMapper mapper, String node,
                                      Clock clock) {
        return enabled ? new CallRecorder(store, mapper, node, slowThreshold.toJavaDuration(),
                (int) Math.min(Integer.MAX_VALUE, maxBodySize.toBytes()), clock) : null;
    }
}
