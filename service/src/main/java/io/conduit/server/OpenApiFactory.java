package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The cluster's OpenAPI document, {@code /conduit/openapi.json} and {@code .yaml}.
 *
 * <table>
 * <caption>Configuration keys under {@code openapi:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>public</td><td>false</td><td>serve the document without the admin credentials</td></tr>
 * </table>
 */
public class OpenApiFactory {

    private boolean open;

    @JsonProperty("public")
    public boolean isPublic() {
        return open;
    }

    @JsonProperty("public")
    public void setPublic(boolean open) {
        this.open = open;
    }
}
