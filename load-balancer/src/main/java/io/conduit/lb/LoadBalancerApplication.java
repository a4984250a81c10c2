package io.conduit.lb;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.auth.Credentials;
import io.conduit.common.redis.Redis;
import io.conduit.lb.api.ErrorMapper;
import io.conduit.lb.api.LoadBalancerResource;
import io.conduit.lb.haproxy.ConfigRepo;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.haproxy.RuntimeApi;
import io.conduit.lb.join.NodeJoiner;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The LB agent: an authenticated HTTP API in front of HAProxy's Runtime API and configuration,
 * which also adds joining nodes to HAProxy. Only wiring here.
 */
public class LoadBalancerApplication extends Application<LoadBalancerConfiguration> {

    public static void main(String[] args) throws Exception {
        new LoadBalancerApplication().run(args);
    }

    @Override
    public String getName() {
        return "conduit-lb-agent";
    }

    @Override
    public void initialize(Bootstrap<LoadBalancerConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(LoadBalancerConfiguration config, Environment environment) {
        ConfigRepo repo = new ConfigRepo(Path.of(config.getConfigRepo()));
        Credentials admin1 = repo.admin1();
        Duration timeout = Duration.ofMillis(config.getCommandTimeout().toMilliseconds());
        Haproxy haproxy = new Haproxy(repo, new RuntimeApi(repo.statsSocket(), timeout),
                new RuntimeApi(Path.of(config.getMasterSocket()).toAbsolutePath(), timeout),
                config.getHaproxyBinary(), config.getBackend(),
                Duration.ofMillis(config.getReloadTimeout().toMilliseconds()));

        if (config.getJoin().isEnabled()) {
            Redis redis = config.getRedis().build("conduit-lb-agent");
            environment.lifecycle().manage(redis);
            JoinFactory join = config.getJoin();
            environment.lifecycle().manage(new NodeJoiner(redis, haproxy, environment.getObjectMapper(),
                    join.getInterval(), join.getStaleAfter(), join.getRemoveAfter(), Clock.systemUTC()));
        }

        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        environment.jersey().register(new ErrorMapper());
        environment.jersey().register(new LoadBalancerResource(haproxy, repo.path().toString()));

        BasicAuthFilter auth = new BasicAuthFilter(admin1, "Conduit load balancer",
                "admin1 (its password is in the config repo's 'stats auth' line)");
        environment.servlets().addFilter("admin1-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.admin().addFilter("admin1-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
