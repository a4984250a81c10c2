package io.conduit.dashboard;

import io.conduit.common.Bootstraps;
import io.conduit.common.auth.Admin1;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.auth.Credentials;
import io.conduit.common.error.Errors;
import io.conduit.common.redis.Redis;
import io.conduit.dashboard.api.DashboardErrorMappers;
import io.conduit.dashboard.api.StatsResource;
import io.conduit.dashboard.auth.DashboardAuthFilter;
import io.conduit.dashboard.auth.NodeUsers;
import io.conduit.dashboard.auth.LoginThrottle;
import io.conduit.dashboard.auth.SessionResource;
import io.conduit.dashboard.auth.SessionStore;
import io.conduit.dashboard.auth.SsoLogin;
import io.conduit.dashboard.proxy.AdminProxy;
import io.conduit.dashboard.proxy.ApiDocsResource;
import io.conduit.dashboard.proxy.ProxyResource;
import io.conduit.dashboard.stats.Periods;
import io.conduit.dashboard.stats.RedisStatsSource;
import io.conduit.dashboard.stats.StatsCalculator;
import io.conduit.dashboard.assets.WebJarsServlet;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;

/**
 * The dashboard: plain HTML, CSS and JavaScript pages, the statistics' JSON API, and a proxy to the
 * nodes' admin API and the LB agent, behind a login with the cluster's admin user. Only wiring here.
 */
public class DashboardApplication extends Application<DashboardConfiguration> {

    public static void main(String[] args) throws Exception {
        new DashboardApplication().run(args);
    }

    @Override
    public String getName() {
        return "conduit-dashboard";
    }

    @Override
    public void initialize(Bootstrap<DashboardConfiguration> bootstrap) {
        Bootstraps.standard(bootstrap);
        bootstrap.addBundle(new AssetsBundle("/assets/", "/", "index.html", "pages"));
    }

    @Override
    public void run(DashboardConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        Credentials admin = config.getAdmin().build();
        Redis redis = config.getRedis().build("conduit-dashboard");
        environment.lifecycle().manage(redis);
        SessionStore sessions = new SessionStore(config.getSessionTimeout().toJavaDuration(), clock);
        LoginThrottle throttle = new LoginThrottle(config.getLoginAttempts(), config.getLoginLockout().toJavaDuration(),
                clock);
        BackendsFactory backends = config.getBackends();

        environment.servlets().addServlet("webjars", new WebJarsServlet()).addMapping("/webjars/*");
        environment.jersey().setUrlPattern("/api/*");
        Errors.register(environment, config.getServerFactory(), "the dashboard",
                "no such resource; the dashboard's API is under /api/stats, /api/session, /api/admin, /api/lb,"
                        + " /api/openapi.json, /api/try",
                DashboardErrorMappers.all());
        environment.jersey().register(new StatsResource(new StatsCalculator(new RedisStatsSource(redis), clock),
                new Periods(clock, ZoneId.of(config.getTimeZone())), redis, environment.getObjectMapper()));
        AdminProxy adminApi = new AdminProxy("the admin API", backends.getAdminApi(), () -> admin,
                backends.getAdminApiCaFile());
        NodeUsers users = new NodeUsers(admin, authorization -> {
            AdminProxy.Answer answer = adminApi.forward("GET", "/whoami", null, null,
                    Map.of("Authorization", authorization));
            return new NodeUsers.Answer(answer.status(), answer.body());
        }, environment.getObjectMapper());
        environment.jersey().register(new SessionResource(sessions, users, throttle, settingsForPages(config)));
        SsoLogin sso = config.getSso().build(sessions, users);
        if (sso != null) {
            environment.jersey().register(sso);
        }
        String cluster = backends.getAdminApi().replaceAll("/+$", "").replaceAll("/conduit/admin$", "");
        environment.jersey().register(new ApiDocsResource(
                new AdminProxy("the admin API", cluster + "/conduit", () -> admin, backends.getAdminApiCaFile()),
                new AdminProxy("the channels", cluster, () -> admin, backends.getAdminApiCaFile()),
                environment.getObjectMapper()));
        environment.jersey().register(new ProxyResource(adminApi,
                new AdminProxy("the LB agent", backends.getLbAgent(),
                        () -> Admin1.read(Path.of(backends.getLbConfigRepo())))));
        environment.servlets().addFilter("dashboard-auth", new DashboardAuthFilter(sessions, users, throttle))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/api/*");
        new BasicAuthFilter(admin, "Conduit dashboard", "the cluster's admin user (admin.credentials)")
                .guard(environment);
    }

    /** @return what the pages read at login: alert thresholds, the HAProxy admin page, the time zone */
    private static Map<String, Object> settingsForPages(DashboardConfiguration config) {
        return Map.of("alerts", Map.of("meanMs", config.getAlerts().getMeanMs(),
                        "usageSharePct", config.getAlerts().getUsageSharePct()),
                "haproxyAdminPage", config.getBackends().getHaproxyAdminPage(),
                "timeZone", config.getTimeZone());
    }
}
