package io.conduit.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;

/**
 * Where the dashboard finds the rest of the cluster.
 *
 * <table>
 * <caption>Configuration keys under {@code backends:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>adminApi</td><td>{@code http://127.0.0.1:11223/conduit/admin}</td><td>the nodes' admin API,
 * through HAProxy</td></tr>
 * <tr><td>adminApiCaFile</td><td>empty</td><td>for an https adminApi, the PEM file of the CA to trust (the
 * cluster's, when HAProxy is HTTPS-only); empty: the JVM's trust store</td></tr>
 * <tr><td>lbAgent</td><td>{@code http://127.0.0.1:20151/lb}</td><td>the LB agent</td></tr>
 * <tr><td>lbConfigRepo</td><td>{@code ../load-balancer/config/repo/conduit.config}</td><td>where admin1's
 * credentials are (read on every call, so a changed password applies at once)</td></tr>
 * <tr><td>haproxyAdminPage</td><td>{@code http://127.0.0.1:11225/}</td><td>the link to HAProxy's own page</td></tr>
 * </table>
 */
public class BackendsFactory {

    @NotEmpty
    private String adminApi = "http://127.0.0.1:11223/conduit/admin";

    private String adminApiCaFile = "";

    @NotEmpty
    private String lbAgent = "http://127.0.0.1:20151/lb";

    @NotEmpty
    private String lbConfigRepo = "../load-balancer/config/repo/conduit.config";

    @NotEmpty
    private String haproxyAdminPage = "http://127.0.0.1:11225/";

    @JsonProperty
    public String getAdminApi() {
        return adminApi;
    }

    @JsonProperty
    public void setAdminApi(String adminApi) {
        this.adminApi = adminApi;
    }

    @JsonProperty
    public String getAdminApiCaFile() {
        return adminApiCaFile;
    }

    @JsonProperty
    public void setAdminApiCaFile(String adminApiCaFile) {
        this.adminApiCaFile = adminApiCaFile == null ? "" : adminApiCaFile;
    }

    @JsonProperty
    public String getLbAgent() {
        return lbAgent;
    }

    @JsonProperty
    public void setLbAgent(String lbAgent) {
        this.lbAgent = lbAgent;
    }

    @JsonProperty
    public String getLbConfigRepo() {
        return lbConfigRepo;
    }

    @JsonProperty
    public void setLbConfigRepo(String lbConfigRepo) {
        this.lbConfigRepo = lbConfigRepo;
    }

    @JsonProperty
    public String getHaproxyAdminPage() {
        return haproxyAdminPage;
    }

    @JsonProperty
    public void setHaproxyAdminPage(String haproxyAdminPage) {
        this.haproxyAdminPage = haproxyAdminPage;
    }
}
