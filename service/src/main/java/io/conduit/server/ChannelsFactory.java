package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.NotNull;

/**
 * Limits of the plain HTTP channels.
 *
 * <table>
 * <caption>Configuration keys under {@code channels:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>maxRequestSize</td><td>10 MiB</td><td>a larger request body is refused with 413</td></tr>
 * </table>
 */
public class ChannelsFactory {

    @NotNull
    @MinDataSize(1)
    private DataSize maxRequestSize = DataSize.mebibytes(10);

    @JsonProperty
    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    @JsonProperty
    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }
}
