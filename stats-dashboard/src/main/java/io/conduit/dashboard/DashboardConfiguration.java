package io.conduit.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.auth.AdminFactory;
import io.conduit.common.redis.RedisFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The dashboard's configuration ({@code <cluster>/dashboard/config.yml}).
 *
 * <table>
 * <caption>Configuration keys</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>admin</td><td>{@code ../admin.credentials}</td><td>who may log in (the cluster's admin user)</td></tr>
 * <tr><td>redis</td><td>{@code redis://127.0.0.1:16379}</td><td>where the statistics are</td></tr>
 * <tr><td>timeZone</td><td>{@code UTC}</td><td>the calendar of the periods (today, this week, ...)</td></tr>
 * </table>
 */
public class DashboardConfiguration extends Configuration {

    @Valid
    @NotNull
    private AdminFactory admin = new AdminFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @NotEmpty
    private String timeZone = "UTC";

    @JsonProperty
    public AdminFactory getAdmin() {
        return admin;
    }

    @JsonProperty
    public void setAdmin(AdminFactory admin) {
        this.admin = admin;
    }

    @JsonProperty
    public RedisFactory getRedis() {
        return redis;
    }

    @JsonProperty
    public void setRedis(RedisFactory redis) {
        this.redis = redis;
    }

    @JsonProperty
    public String getTimeZone() {
        return timeZone;
    }

    @JsonProperty
    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }
}
