package io.conduit.server.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * This node's place in the cluster.
 *
 * <table>
 * <caption>Configuration keys under {@code node:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>name</td><td>{@code server1}</td><td>the node's unique name in the cluster</td></tr>
 * <tr><td>host</td><td>{@code 127.0.0.1}</td><td>the address the load balancer and other parts reach
 * this node at</td></tr>
 * <tr><td>heartbeatInterval</td><td>2 seconds</td><td>how often the node says it is alive (a node silent
 * for three intervals is shown as not alive)</td></tr>
 * <tr><td>syncInterval</td><td>5 seconds</td><td>how often the node checks the ODB for a configuration
 * change it may have missed</td></tr>
 * <tr><td>propagationTimeout</td><td>2 seconds</td><td>how long an admin change waits for every live node
 * to apply it before answering</td></tr>
 * <tr><td>warmUp</td><td>5 seconds</td><td>after start, how long the node calls itself through its
 * channel dispatcher, so the JIT compiles the request path, before its health check says healthy;
 * {@code 0s} to serve at once</td></tr>
 * <tr><td>warmUpThreads</td><td>4</td><td>how many threads make those calls</td></tr>
 * <tr><td>drainFailedChecks</td><td>2</td><td>on stop, the failed health checks after which the load
 * balancer has taken the node out (HAProxy's {@code fall})</td></tr>
 * <tr><td>drainQuietPeriod</td><td>500 milliseconds</td><td>on stop, how long no request must arrive
 * before the node closes</td></tr>
 * <tr><td>drainTimeout</td><td>20 seconds</td><td>on stop, the longest the node keeps serving before it
 * closes; then {@code server.shutdownGracePeriod} bounds the calls in flight</td></tr>
 * </table>
 */
public class NodeFactory {

    @NotEmpty
    @Pattern(regexp = "[A-Za-z0-9._-]{1,200}", message = "must be 1-200 letters, digits, '.', '_' or '-'")
    private String name = "server1";

    @NotEmpty
    private String host = "127.0.0.1";

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration heartbeatInterval = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration syncInterval = Duration.seconds(5);

    @NotNull
    private Duration propagationTimeout = Duration.seconds(2);

    @NotNull
    private Duration warmUp = Duration.seconds(5);

    @Min(1)
    @Max(64)
    private int warmUpThreads = 4;

    @Min(0)
    @Max(100)
    private int drainFailedChecks = 2;

    @NotNull
    private Duration drainQuietPeriod = Duration.milliseconds(500);

    @NotNull
    private Duration drainTimeout = Duration.seconds(20);

    @JsonProperty
    public Duration getWarmUp() {
        return warmUp;
    }

    @JsonProperty
    public void setWarmUp(Duration warmUp) {
        this.warmUp = warmUp;
    }

    @JsonProperty
    public int getWarmUpThreads() {
        return warmUpThreads;
    }

    @JsonProperty
    public void setWarmUpThreads(int warmUpThreads) {
        this.warmUpThreads = warmUpThreads;
    }

    /** @return the node's state, warming up first if a warm-up is configured */
    public NodeState buildState() {
        return new NodeState(name, warmUp.toNanoseconds() > 0);
    }

    @JsonProperty
    public int getDrainFailedChecks() {
        return drainFailedChecks;
    }

    @JsonProperty
    public void setDrainFailedChecks(int drainFailedChecks) {
        this.drainFailedChecks = drainFailedChecks;
    }

    @JsonProperty
    public Duration getDrainQuietPeriod() {
        return drainQuietPeriod;
    }

    @JsonProperty
    public void setDrainQuietPeriod(Duration drainQuietPeriod) {
        this.drainQuietPeriod = drainQuietPeriod;
    }

    @JsonProperty
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    @JsonProperty
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** @return how the node leaves the cluster when it stops */
    public Drain buildDrain(NodeState node) {
        return new Drain(node, drainFailedChecks, drainQuietPeriod.toJavaDuration(), drainTimeout.toJavaDuration());
    }

    @JsonProperty
    public Duration getPropagationTimeout() {
        return propagationTimeout;
    }

    @JsonProperty
    public void setPropagationTimeout(Duration propagationTimeout) {
        this.propagationTimeout = propagationTimeout;
    }

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host;
    }

    @JsonProperty
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    @JsonProperty
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    @JsonProperty
    public Duration getSyncInterval() {
        return syncInterval;
    }

    @JsonProperty
    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }
}
