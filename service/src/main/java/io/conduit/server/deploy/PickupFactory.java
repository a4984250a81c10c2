package io.conduit.server.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The hot-deployment directory.
 *
 * <table>
 * <caption>Configuration keys under {@code pickup:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>dir</td><td>{@code ./pickup-dir}</td><td>where {@code .java} and {@code .jar} files are dropped;
 * picked files go to {@code processed/} or {@code failed/} inside it</td></tr>
 * <tr><td>pollInterval</td><td>100 milliseconds</td><td>how often the directory is scanned</td></tr>
 * <tr><td>settleTime</td><td>300 milliseconds</td><td>how long a file's size and time must stay the same
 * before it is picked, so a half-written file is never deployed (raise it for copies that may stall longer,
 * such as a large jar over a slow network)</td></tr>
 * </table>
 */
public class PickupFactory {

    @NotEmpty
    private String dir = "./pickup-dir";

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration pollInterval = Duration.milliseconds(100);

    @NotNull
    private Duration settleTime = Duration.milliseconds(300);

    @JsonProperty
    /** @return the watcher of the pickup directory, which deploys what is dropped there (register it with the lifecycle) */
    public PickupWatcher build(FileDeployer deployer, String node, java.time.Clock clock) {
        return new PickupWatcher(java.nio.file.Path.of(dir), deployer, pollInterval, settleTime, node, clock);
    }

    public String getDir() {
        return dir;
    }

    @JsonProperty
    public void setDir(String dir) {
        this.dir = dir;
    }

    @JsonProperty
    public Duration getPollInterval() {
        return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @JsonProperty
    public Duration getSettleTime() {
        return settleTime;
    }

    @JsonProperty
    public void setSettleTime(Duration settleTime) {
        this.settleTime = settleTime;
    }
}
