package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.server.invoke.BackgroundInvocations;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Background invocations ({@code invokeAsync}).
 *
 * <table>
 * <caption>Configuration keys under {@code invoke:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>backgroundThreads</td><td>8</td><td>threads running background invocations</td></tr>
 * <tr><td>backgroundQueue</td><td>10000</td><td>invocations waiting for a thread; beyond it
 * {@code invokeAsync} fails at once</td></tr>
 * </table>
 */
public class InvokeFactory {

    @Min(1)
    @Max(1000)
    private int backgroundThreads = 8;

    @Min(1)
    private int backgroundQueue = 10_000;

    @JsonProperty
    public int getBackgroundThreads() {
        return backgroundThreads;
    }

    @JsonProperty
    public void setBackgroundThreads(int backgroundThreads) {
        this.backgroundThreads = backgroundThreads;
    }

    @JsonProperty
    public int getBackgroundQueue() {
        return backgroundQueue;
    }

    @JsonProperty
    public void setBackgroundQueue(int backgroundQueue) {
        this.backgroundQueue = backgroundQueue;
    }

    /** @return the background pool, to be managed */
    public BackgroundInvocations build() {
        return new BackgroundInvocations(backgroundThreads, backgroundQueue);
    }
}
