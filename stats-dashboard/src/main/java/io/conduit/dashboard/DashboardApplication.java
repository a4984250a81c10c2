package io.conduit.dashboard;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.auth.Credentials;
import io.conduit.common.redis.Redis;
import io.conduit.dashboard.api.ErrorMapper;
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

/** The dashboard: the statistics' JSON API (and, in time, the pages). Only wiring here. */
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
    }

    @Override
    public void run(DashboardConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        Credentials admin = config.getAdmin().build();
        Redis redis = config.getRedis().build("conduit-dashboard");
        environment.lifecycle().manage(redis);
        Periods periods = new Periods(clock, ZoneId.of(config.getTimeZone()));
        StatsCalculator calculator = new StatsCalculator(new RedisStatsSource(redis), clock);

        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        environment.jersey().register(new ErrorMapper());
        environment.jersey().register(new StatsResource(calculator, periods, redis, environment.getObjectMapper()));

        BasicAuthFilter auth = new BasicAuthFilter(admin, "Conduit dashboard",
                "the cluster's admin user (admin.credentials)");
        environment.servlets().addFilter("admin-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/api/*");
        environment.admin().addFilter("admin-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
