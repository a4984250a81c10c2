package io.conduit.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.common.auth.Credentials;
import io.conduit.server.admin.AdminExceptionMapper;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.server.admin.ChannelsResource;
import io.conduit.server.admin.CidFilter;
import io.conduit.server.admin.ClusterResource;
import io.conduit.server.admin.InvokeResource;
import io.conduit.server.admin.PingResource;
import io.conduit.server.admin.SecurityResource;
import io.conduit.server.admin.ServicesResource;
import io.conduit.server.channel.ChannelRouting;
import io.conduit.server.channel.ChannelServlet;
import io.conduit.server.channel.WarmUp;
import io.conduit.server.cluster.ChangeAnnouncer;
import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.cluster.Drain;
import io.conduit.server.cluster.Heartbeat;
import io.conduit.server.cluster.NodeFactory;
import io.conduit.server.cluster.NodeState;
import io.conduit.server.deploy.DeploymentLoader;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.PickupWatcher;
import io.conduit.server.deploy.SourceCompiler;
import io.conduit.server.invoke.BackgroundInvocations;
import io.conduit.server.invoke.InvocationRecorder;
import io.conduit.server.stats.StatsRecorder;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.ServiceRegistry;
import io.conduit.server.kvdb.KvdbConsole;
import io.conduit.common.redis.Redis;
import io.conduit.server.kvdb.RedisKvdb;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.odb.OutgoingStore;
import io.conduit.server.broker.ConfigBroker;
import io.conduit.server.admin.KvdbResource;
import io.conduit.server.admin.OutgoingHttpResource;
import io.conduit.server.admin.OutgoingZmqResource;
import io.conduit.server.odb.ChannelStore;
import io.conduit.server.odb.DeploymentStore;
import io.conduit.server.odb.NodeStore;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.SecurityStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.util.component.LifeCycle;

/** A Conduit server node. This class only builds the parts and wires them together. */
public class ConduitApplication extends Application<ConduitConfiguration> {

    public static void main(String[] args) throws Exception {
        new ConduitApplication().run(args);
    }

    @Override
    public String getName() {
        return "conduit-server";
    }

    @Override
    public void initialize(Bootstrap<ConduitConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(ConduitConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        NodeFactory nodeConfig = config.getNode();
        NodeState node = nodeConfig.buildState();
        WarmUp warmUp = nodeConfig.buildWarmUp(node);
        Credentials admin = config.getAdmin().build();

        Odb odb = config.getOdb().build(environment);
        ChannelStore channels = new ChannelStore(odb);
        SecurityStore security = new SecurityStore(odb);
        DeploymentStore deployments = new DeploymentStore(odb);
        NodeStore nodes = new NodeStore(odb);

        OutgoingStore outgoingStore = new OutgoingStore(odb);

        Redis redis = config.getRedis().build("conduit-" + node.name());
        environment.lifecycle().manage(redis);
        ConfigBroker broker = new ConfigBroker(redis, node.name(), clock);

        ServiceRegistry registry = new ServiceRegistry();
        ChannelRouting routing = new ChannelRouting(channels, security);
        OutgoingConnections outgoing = new OutgoingConnections(outgoingStore, security, environment.getObjectMapper(),
                environment.metrics(), clock);
        environment.lifecycle().manage(outgoing);
        DeploymentLoader loader = new DeploymentLoader(deployments, registry, node.name(), clock);
        ConfigSync sync = new ConfigSync(odb, List.of(routing, outgoing, loader), nodeConfig.getSyncInterval(),
                version -> nodes.recordApplied(node.name(), version),
                new ChangeAnnouncer(broker, nodes, node.name(), nodeConfig.getHeartbeatInterval(),
                        nodeConfig.getPropagationTimeout(), clock), clock);
        broker.listen(sync::requestSync);
        environment.lifecycle().manage(sync);
        environment.lifecycle().manage(broker);

        BackgroundInvocations background = config.getInvoke().build();
        environment.lifecycle().manage(background);
        InvocationRecorder recorder = InvocationRecorder.NONE;
        if (config.getStats().isEnabled()) {
            StatsRecorder stats = config.getStats().buildRecorder(node.name(), clock);
            environment.lifecycle().manage(config.getStats().buildFlusher(stats, redis, environment.getObjectMapper(),
                    node.name() + "@" + clock.millis(), clock, environment.metrics()));
            recorder = stats;
        }
        Invoker invoker = new Invoker(registry, environment.getObjectMapper(), outgoing, new RedisKvdb(redis),
                recorder, background);

        Deployer deployer = new Deployer(new SourceCompiler(), deployments, registry, sync, node.name(), clock);
        environment.lifecycle().manage(new PickupWatcher(Path.of(config.getPickup().getDir()), deployer,
                config.getPickup().getPollInterval(), config.getPickup().getSettleTime(), node.name(), clock));

        Heartbeat heartbeat = new Heartbeat(nodes, redis, environment.getObjectMapper(), node.name(),
                nodeConfig.getHost(), version(),
                nodeConfig.getHeartbeatInterval(), sync::appliedVersion, clock);
        environment.lifecycle().manage(heartbeat);
        environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
            @Override
            public void serverStarted(org.eclipse.jetty.server.Server server) {
                heartbeat.listening(getLocalPort(server));
                if (node.phase() == NodeState.Phase.WARMING) {
                    warmUp.start(getLocalPort(server));
                }
            }
        });
        Drain drain = nodeConfig.buildDrain(node);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                drain.run();
            }
        });

        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        environment.jersey().setUrlPattern("/conduit/*");
        environment.jersey().register(new CidFilter());
        environment.jersey().register(new AdminExceptionMapper());
        environment.jersey().register(new PingResource(node));
        environment.jersey().register(new InvokeResource(invoker, environment.getObjectMapper()));
        environment.jersey().register(new ServicesResource(deployer, deployments, registry));
        environment.jersey().register(new ChannelsResource(channels, security, sync));
        environment.jersey().register(new SecurityResource(security, channels, outgoingStore, sync));
        environment.jersey().register(new OutgoingHttpResource(outgoingStore, security, outgoing, sync));
        environment.jersey().register(new OutgoingZmqResource(outgoingStore, sync));
        environment.jersey().register(new KvdbResource(new KvdbConsole(redis, config.getKvdb().policy(),
                environment.getObjectMapper(), node.name(), clock)));
        environment.jersey().register(new ClusterResource(nodes, nodeConfig.getHeartbeatInterval(), clock));

        BasicAuthFilter auth = new BasicAuthFilter(admin, "Conduit admin",
                "the cluster's admin user (admin.credentials)");
        environment.servlets().addFilter("admin-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/conduit/admin/*");
        environment.admin().addFilter("admin-auth", auth)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.servlets().addServlet("channels", new ChannelServlet(routing, invoker,
                environment.getObjectMapper(), node, warmUp, config.getChannels().getMaxRequestSize().toBytes()))
                .addMapping("/*");
    }

    static String version() {
        String version = ConduitApplication.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
