package io.conduit.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.auth.AdminFactory;
import io.conduit.common.redis.RedisFactory;
import io.conduit.dashboard.auth.SsoFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
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
 * <tr><td>backends</td><td>see {@link BackendsFactory}</td><td>the admin API, the LB agent, admin1's credentials</td></tr>
 * <tr><td>alerts</td><td>see {@link AlertsFactory}</td><td>thresholds of the statistics' alert icons</td></tr>
 * <tr><td>sessionTimeout</td><td>8 hours</td><td>how long a login lasts</td></tr>
 * <tr><td>loginAttempts</td><td>5</td><td>wrong passwords in a row from one address before it is locked out</td></tr>
 * <tr><td>loginLockout</td><td>1 minute</td><td>how long such an address is refused</td></tr>
 * </table>
 */
public class DashboardConfiguration extends Configuration {

    @Valid
    @NotNull
    private AdminFactory admin = new AdminFactory();

    @Valid
    @NotNull
    private SsoFactory sso = new SsoFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @NotEmpty
    private String timeZone = "UTC";

    @Valid
    @NotNull
    private BackendsFactory backends = new BackendsFactory();

    @Valid
    @NotNull
    private AlertsFactory alerts = new AlertsFactory();

    @NotNull
    private Duration sessionTimeout = Duration.hours(8);

    @Min(1)
    private int loginAttempts = 5;

    @NotNull
    private Duration loginLockout = Duration.minutes(1);

    @JsonProperty
    public BackendsFactory getBackends() {
        return backends;
    }

    @JsonProperty
    public void setBackends(BackendsFactory backends) {
        this.backends = backends;
    }

    @JsonProperty
    public AlertsFactory getAlerts() {
        return alerts;
    }

    @JsonProperty
    public void setAlerts(AlertsFactory alerts) {
        this.alerts = alerts;
    }

    @JsonProperty
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    @JsonProperty
    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    @JsonProperty
    public int getLoginAttempts() {
        return loginAttempts;
    }

    @JsonProperty
    public void setLoginAttempts(int loginAttempts) {
        this.loginAttempts = loginAttempts;
    }

    @JsonProperty
    public Duration getLoginLockout() {
        return loginLockout;
    }

    @JsonProperty
    public void setLoginLockout(Duration loginLockout) {
        this.loginLockout = loginLockout;
    }

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

    @JsonProperty
    public SsoFactory getSso() {
        return sso;
    }

    @JsonProperty
    public void setSso(SsoFactory sso) {
        this.sso = sso;
    }
}
