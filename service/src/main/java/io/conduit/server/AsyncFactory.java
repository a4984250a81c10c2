package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * Durable asynchronous invocations ({@code invokeAsync}), kept in Redis Streams.
 *
 * <table>
 * <caption>Configuration keys under {@code async:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>workers</td><td>4</td><td>durable invocations this node runs at once</td></tr>
 * <tr><td>visibilityTimeout</td><td>30s</td><td>how long an invocation whose node stopped waits before
 * another node takes it over</td></tr>
 * </table>
 */
public class AsyncFactory {

    @Min(1)
    @Max(256)
    private int workers = 4;

    @NotNull
    @MinDuration(value = 500, unit = TimeUnit.MILLISECONDS)
    private Duration visibilityTimeout = Duration.seconds(30);

    @JsonProperty
    public int getWorkers() {
        return workers;
    }

    @JsonProperty
    public void setWorkers(int workers) {
        this.workers = workers;
    }

    @JsonProperty
    public Duration getVisibilityTimeout() {
        return visibilityTimeout;
    }

    @JsonProperty
    public void setVisibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }
}
