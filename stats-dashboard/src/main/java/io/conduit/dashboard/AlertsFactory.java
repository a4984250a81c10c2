package io.conduit.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * When the statistics tables show an alert icon.
 *
 * <table>
 * <caption>Configuration keys under {@code alerts:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>meanMs</td><td>1000</td><td>a service whose M passes this many milliseconds</td></tr>
 * <tr><td>usageSharePct</td><td>50</td><td>a service whose U% passes this share of all calls</td></tr>
 * </table>
 */
public class AlertsFactory {

    @DecimalMin("0")
    private double meanMs = 1000;

    @DecimalMin("0")
    @DecimalMax("100")
    private double usageSharePct = 50;

    @JsonProperty
    public double getMeanMs() {
        return meanMs;
    }

    @JsonProperty
    public void setMeanMs(double meanMs) {
        this.meanMs = meanMs;
    }

    @JsonProperty
    public double getUsageSharePct() {
        return usageSharePct;
    }

    @JsonProperty
    public void setUsageSharePct(double usageSharePct) {
        this.usageSharePct = usageSharePct;
    }
}
