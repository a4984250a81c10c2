package io.conduit.dashboard;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.common.auth.Admin1;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.auth.Credentials;
import io.conduit.common.redis.Redis;
import io.conduit.dashboard.api.ErrorMapper;
import io.conduit.dashboard.auth.DashboardAuthFilter;
import io.conduit.dashboard.auth.LoginThrottle;
import io.conduit.dashboard.auth.SessionResource;
import io.conduit.dashboard.auth.SessionStore;
import io.conduit.dashboard.proxy.AdminProxy;
import io.conduit.dashboard.proxy.ProxyResource;
import io.dropwizard.assets.AssetsBundle;
import java.nio.file.Path;
import java.util.Map;
import io.conduit.dashboard.api.StatsResource;
import io.conduit.dashboard.stats.Periods;
import io.conduit.dashboard.stats.RedisStatsSource;
import io.conduit.dashboard.stats.StatsCalculator;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;

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
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.addBundle(new AssetsBundle("/assets/", "/", "index.html", "pages"));
        bootstrap.addBundle(new AssetsBundle("/META-INF/resources/webjars/", "/webjars/", null, "webjars"));
    }

    @Override
    public void run(DashboardConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        Credentials admin = config.getAdmin().build();
        Redis redis = config.getRedis().build("conduit-dashboard");
        environment.lifecycle().manage(redis);
        Periods periods = new Periods(clock, ZoneId.of(config.getTimeZone()));
        StatsCalculator calculator = new StatsCalculator(new RedisStatsSource(redis), clock);

        SessionStore sessions = new SessionStore(java.time.Duration.ofMillis(config.getSessionTimeout().toMilliseconds()),
                clock);
        LoginThrottle throttle = new LoginThrottle(config.getLoginAttempts(),
                java.time.Duration.ofMillis(config.getLoginLockout().toMilliseconds()), clock);
        BackendsFactory backends = config.getBackends();
        Path lbConfigRepo = Path.of(backends.getLbConfigRepo());

        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        environment.jersey().setUrlPattern("/api/*");
        environment.jersey().register(new ErrorMapper());
        environment.jersey().register(new StatsResource(calculator, periods, redis, environment.getObjectMapper()));
        environment.jersey().register(new SessionResource(sessions, admin, throttle, Map.of(
                "alerts", Map.of("meanMs", config.getAlerts().getMeanMs(),
                        "usageSharePct", config.getAlerts().getUsageSharePct()),
                "haproxyAdminPage", backends.getHaproxyAdminPage(),
                "timeZone", config.getTimeZone())));
        environment.jersey().register(new ProxyResource(
                new AdminProxy("the admin API", backends.getAdminApi(), () -> admin),
                new AdminProxy("the LB agent", backends.getLbAgent(), () -> Admin1.read(lbConfigRepo))));

        environment.servlets().addFilter("dashboard-auth", new DashboardAuthFilter(sessions, admin, throttle))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/api/*");
        environment.admin().addFilter("admin-auth", new BasicAuthFilter(admin, "Conduit dashboard",
                        "the cluster's admin user (admin.credentials)"))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
