package io.conduit.lb;

import io.conduit.common.Bootstraps;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.error.Errors;
import io.conduit.common.redis.Redis;
import io.conduit.lb.api.AgentErrorMappers;
import io.conduit.lb.api.LoadBalancerResource;
import io.conduit.lb.haproxy.ConfigRepo;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.haproxy.InitConfigRepoCommand;
import io.conduit.lb.haproxy.ServerHistory;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

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
        Bootstraps.standard(bootstrap);
        bootstrap.addCommand(new InitConfigRepoCommand());
    }

    @Override
    public void run(LoadBalancerConfiguration config, Environment environment) {
        ConfigRepo repo = new ConfigRepo(Path.of(config.getConfigRepo()));
        Haproxy haproxy = config.buildHaproxy(repo);
        if (config.getJoin().isEnabled()) {
            Redis redis = config.getRedis().build("conduit-lb-agent");
            environment.lifecycle().manage(redis);
            environment.lifecycle().manage(config.getJoin().build(redis, haproxy, environment.getObjectMapper(),
                    Clock.systemUTC()));
        }
        Errors.register(environment, config.getServerFactory(), "the LB agent",
                "no such resource; the LB agent serves /lb/status, /lb/servers, /lb/config, /lb/reload",
                AgentErrorMappers.all());
        ServerHistory history = new ServerHistory(haproxy, Duration.ofSeconds(5), Duration.ofHours(6), Clock.systemUTC());
        environment.lifecycle().manage(history);
        environment.jersey().register(new LoadBalancerResource(haproxy, repo.path().toString(), history));
        new BasicAuthFilter(repo.admin1(), "Conduit load balancer",
                "admin1 (its password is in the config repo's 'stats auth' line)").guard(environment, "/*");
    }
}
