package io.conduit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.Bootstraps;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.auth.Credentials;
import io.conduit.common.error.Errors;
import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.conduit.server.admin.AdminErrorMappers;
import io.conduit.server.admin.AsyncResource;
import io.conduit.server.admin.CallsResource;
import io.conduit.server.admin.ClusterResource;
import io.conduit.server.admin.InvokeResource;
import io.conduit.server.admin.KindActions;
import io.conduit.server.admin.KindResources;
import io.conduit.server.admin.KvdbResource;
import io.conduit.server.admin.LiveResource;
import io.conduit.server.admin.OpenApiResource;
import io.conduit.server.admin.PingResource;
import io.conduit.server.admin.PrometheusTargetsResource;
import io.conduit.server.admin.ReleasesResource;
import io.conduit.server.admin.AccessFilter;
import io.conduit.server.admin.AccessResource;
import io.conduit.server.admin.AccessRules;
import io.conduit.server.admin.AuditFilter;
import io.conduit.server.admin.AuditResource;
import io.conduit.server.admin.RefusedCredentials;
import io.conduit.server.admin.RequestOrigin;
import io.conduit.server.admin.SecretsResource;
import io.conduit.server.admin.ServicesResource;
import io.conduit.server.amqp.AmqpChannelConfig;
import io.conduit.server.amqp.AmqpChannels;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.kafka.KafkaChannelConfig;
import io.conduit.server.kafka.KafkaChannels;
import io.conduit.server.polling.FileChannels;
import io.conduit.server.polling.ImapChannelConfig;
import io.conduit.server.polling.ImapChannels;
import io.conduit.server.async.DurableQueue;
import io.conduit.server.async.QueueMetrics;
import io.conduit.server.broker.ConfigBroker;
import io.conduit.server.calls.CallRecorder;
import io.conduit.server.calls.CallStore;
import io.conduit.server.channel.ChannelRouting;
import io.conduit.server.channel.ChannelServlet;
import io.conduit.server.channel.RateLimiter;
import io.conduit.server.channel.WarmUp;
import io.conduit.server.cluster.ChangeAnnouncer;
import io.conduit.server.cluster.ConfigSync;
import io.conduit.server.cluster.Drain;
import io.conduit.server.cluster.Heartbeat;
import io.conduit.server.cluster.NodeFactory;
import io.conduit.server.cluster.NodeHealth;
import io.conduit.server.cluster.NodeState;
import io.conduit.server.cluster.NodeStore;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.ConfigJson;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.DeploymentLoader;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.deploy.SourceCompiler;
import io.conduit.server.invoke.BackgroundInvocations;
import io.conduit.server.invoke.InvocationRecorder;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.KvdbConsole;
import io.conduit.server.kvdb.RedisKvdb;
import io.conduit.server.metrics.MetricsServlet;
import io.conduit.server.metrics.NodeMetrics;
import io.conduit.server.metrics.RedisPoolMetrics;
import io.conduit.server.odb.Odb;
import io.conduit.server.openapi.OpenApiDocument;
import io.conduit.server.outgoing.BreakerBoard;
import io.conduit.server.outgoing.OAuth2Tokens;
import io.conduit.server.outgoing.OutgoingConnections;
import io.conduit.server.release.AuditTrail;
import io.conduit.server.release.Releases;
import io.conduit.server.scheduler.Scheduler;
import io.conduit.server.secrets.SecretBox;
import io.conduit.server.security.HaproxyProofs;
import io.conduit.server.stats.ServiceMetrics;
import io.conduit.server.stats.StatsFactory;
import io.conduit.server.stats.StatsRecorder;
import io.conduit.server.tracing.Tracing;
import io.conduit.server.users.UserDirectory;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.component.LifeCycle;

/** A Conduit server node. This class only builds the parts and wires them together. */
public class ConduitApplication extends Application<ConduitConfiguration> {

    private static final String METRICS_PATH = "/conduit/metrics";

    public static void main(String[] args) throws Exception {
        new ConduitApplication().run(args);
    }

    @Override
    public String getName() {
        return "conduit-server";
    }

    @Override
    public void initialize(Bootstrap<ConduitConfiguration> bootstrap) {
        Bootstraps.standard(bootstrap);
        ConduitServerFactory.makeDefault(bootstrap);
    }

    @Override
    public void run(ConduitConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        NodeFactory nodeConfig = config.getNode();
        NodeState node = nodeConfig.buildState();
        ObjectMapper mapper = environment.getObjectMapper();
        Odb odb = config.getOdb().build(environment);
        SecretBox secrets = config.getSecrets().build();
        mapper.registerModule(ConfigJson.publicModule());
        ConfigJson json = new ConfigJson(mapper, environment.getValidator());
        Stores stores = new Stores(odb, secrets, json);
        stores.config().resealAll();
        Releases releases = new Releases(stores.config(), stores.deployments(), json, clock);
        Redis redis = manage(environment, config.getRedis().build("conduit-" + node.name()));
        NodeMetrics metrics = new NodeMetrics();
        Tracing tracing = manage(environment, config.getTracing().build(node.name(), version()));

        ServiceRegistry registry = new ServiceRegistry();
        ChannelRouting routing = new ChannelRouting();
        OutgoingConnections outgoing = manage(environment, new OutgoingConnections(mapper, environment.metrics(), metrics, tracing,
                new BreakerBoard(redis, node.name(), mapper, clock), manage(environment, new OAuth2Tokens(redis, secrets,
                mapper, clock)), node.name(), clock));
        BackgroundInvocations background = manage(environment, config.getInvoke().build());
        Invoker invoker = new Invoker(registry, mapper, outgoing, new RedisKvdb(redis, metrics, tracing),
                buildRecorder(config.getStats(), environment, redis, node, clock, metrics), background,
                environment.getValidator(), tracing, clock);
        AsyncFactory async = config.getAsync();
        DurableQueue durable = new DurableQueue(redis, invoker, tracing, mapper, node.name(), async.getWorkers(),
                async.getVisibilityTimeout().toJavaDuration(), clock);
        invoker.useDurable(durable);
        environment.healthChecks().register("outgoing-connections", outgoing.healthCheck());
        metrics.register(new QueueMetrics(durable));
        metrics.register(new RedisPoolMetrics(redis));
        Scheduler scheduler = new Scheduler(redis,
                (job, due, cid) -> invoker.invoke(job.service(), invoker.requestOf(job.payload()), cid), background, mapper,
                node.name(), metrics::schedulerRun, tracing, clock);
        ConsumingChannels<AmqpChannelConfig, AmqpChannels.Row> amqpChannels = AmqpChannels.build(invoker, tracing,
                redis, mapper, node.name(), clock);
        ConsumingChannels<KafkaChannelConfig, KafkaChannels.Row> kafkaChannels = KafkaChannels.build(invoker, tracing,
                redis, mapper, node.name(), clock);
        metrics.register(KafkaChannels.metrics(kafkaChannels));
        FileChannels fileChannels = new FileChannels(invoker, tracing, redis, mapper, node.name(), clock);
        ConsumingChannels<ImapChannelConfig, ImapChannels.Row> imapChannels = ImapChannels.build(invoker, tracing, redis,
                mapper, node.name(), clock);
        // connections first, then the services that use them, then the channels that invoke those: a release
        // that adds all three is never served half-way on this node
        Credentials admin = config.getAdmin().build();
        UserDirectory users = new UserDirectory(admin.username(), config.getSso().build());
        ConfigSync sync = buildSync(nodeConfig, environment, odb, stores, redis, node, clock, List.of(users, outgoing,
                new DeploymentLoader(stores.deployments(), registry, node.name(), clock), routing, scheduler,
                amqpChannels, kafkaChannels, fileChannels, imapChannels));
        // after the sync, so that a node runs queued work only once it has loaded the services
        manage(environment, durable);
        manage(environment, scheduler);
        manage(environment, amqpChannels);
        manage(environment, kafkaChannels);
        manage(environment, fileChannels.channels());
        manage(environment, imapChannels);
        Deployer deployer = new Deployer(new SourceCompiler(), stores.deployments(), releases, registry, node.name(),
                clock);
        manage(environment, config.getPickup().build(deployer, node.name(), clock));
        WarmUp warmUp = new WarmUp(node, nodeConfig.getWarmUp().toJavaDuration(), nodeConfig.getWarmUpThreads());
        Heartbeat heartbeat = manage(environment, new Heartbeat(stores.nodes(), redis, mapper, node.name(),
                nodeConfig.getHost(), version(), nodeConfig.getHeartbeatInterval(), sync::appliedVersion, clock));
        onStartAndStop(environment, node, heartbeat, warmUp, nodeConfig.buildDrain(node));

        CallStore calls = config.getCalls().buildStore(redis, mapper);
        CallRecorder recorder = config.getCalls().buildRecorder(calls, mapper, node.name(), clock);
        if (recorder != null) {
            manage(environment, recorder);
        }
        OpenApiDocument openApi = new OpenApiDocument(invoker.typedInputs());
        AuditTrail audit = config.getAudit().build(odb, stores.config(), clock);
        manage(environment, new BackgroundTask("audit-prune", BackgroundTask.Schedule.every(Duration.ofHours(1)),
                audit::prune));
        RefusedCredentials refusals = manage(environment, new RefusedCredentials(audit, clock));
        KindResources kindResources = kindResources(stores, releases, json, mapper, outgoing, amqpChannels, kafkaChannels,
                fileChannels, imapChannels, scheduler);
        AccessRules access = new AccessRules(ConfiguredKinds.ALL.all(), kindResources.actions());
        registerAdminApi(config, environment, admin, users, refusals, List.of(new PingResource(node),
                new LiveResource(node),
                new InvokeResource(invoker, mapper),
                new ServicesResource(deployer, stores.deployments(), registry, openApi),
                kindResources,
                new AccessFilter(access),
                new AccessResource(access),
                new RequestOrigin(),
                new AuditFilter(audit, ConfiguredKinds.ALL.all(), clock),
                new AuditResource(audit),
                new ReleasesResource(releases, stores.deployments(), deployer, json),
                new SecretsResource(secrets, stores.config()::resealAll),
                new KvdbResource(new KvdbConsole(redis, config.getKvdb().policy(), mapper, node.name(), clock)),
                new ClusterResource(stores.nodes(), nodeConfig.getHeartbeatInterval(), clock),
                new PrometheusTargetsResource(stores.nodes(), clock),
                new AsyncResource(durable),
                new CallsResource(calls, invoker, routing, mapper),
                new OpenApiResource(openApi, stores.config(), registry, version())));
        environment.servlets().addServlet("channels", new ChannelServlet(routing, invoker, mapper, node, warmUp,
                new RateLimiter(redis, clock), metrics, tracing, recorder, config.getChannels().getMaxRequestSize().toBytes(),
                manage(environment, new HaproxyProofs(redis, clock)))).addMapping("/*");
        environment.servlets().addServlet("metrics", new MetricsServlet(metrics)).addMapping(METRICS_PATH);
    }

    /**
     * Keeps the node's configuration in step with the ODB: reloads the parts on every change, made
     * here (the ODB tells it) or elsewhere (the broker tells it, or the sync interval finds it).
     */
    private static ConfigSync buildSync(NodeFactory nodeConfig, Environment environment, Odb odb, Stores stores,
                                        Redis redis, NodeState node, Clock clock, List<Reloadable> parts) {
        NodeStore nodes = stores.nodes();
        ConfigBroker broker = new ConfigBroker(redis, node.name(), clock);
        ConfigSync sync = new ConfigSync(odb, stores.config(), parts, nodeConfig.getSyncInterval(),
                version -> nodes.recordApplied(node.name(), version),
                new ChangeAnnouncer(broker, nodes, node.name(), nodeConfig.getHeartbeatInterval(),
                        nodeConfig.getPropagationTimeout(), clock), clock);
        odb.onChange(sync::changed);
        broker.listen(sync::requestSync);
        manage(environment, sync);
        manage(environment, broker);
        NodeHealth.register(environment.healthChecks(), redis, broker);
        return sync;
    }

    /** @return the admin API of every configured kind, with each kind's actions */
    private static KindResources kindResources(Stores stores, Releases releases, ConfigJson json, ObjectMapper mapper,
                                               OutgoingConnections outgoing,
                                               ConsumingChannels<AmqpChannelConfig, AmqpChannels.Row> amqpChannels,
                                               ConsumingChannels<KafkaChannelConfig, KafkaChannels.Row> kafkaChannels,
                                               FileChannels fileChannels,
                                               ConsumingChannels<ImapChannelConfig, ImapChannels.Row> imapChannels,
                                               Scheduler scheduler) {
        KindResources resources = new KindResources(ConfiguredKinds.ALL, releases, json, mapper);
        KindActions.register(resources, stores.config(), outgoing, amqpChannels, kafkaChannels, fileChannels,
                imapChannels, scheduler);
        return resources;
    }

    /**
     * @return the statistics recorder, its flusher managed, its totals in Prometheus' metrics; or a recorder of
     * nothing when statistics are off
     */
    private static InvocationRecorder buildRecorder(StatsFactory stats, Environment environment, Redis redis,
                                                    NodeState node, Clock clock, NodeMetrics metrics) {
        if (!stats.isEnabled()) {
            return InvocationRecorder.NONE;
        }
        StatsRecorder recorder = stats.buildRecorder(node.name(), clock);
        ServiceMetrics totals = new ServiceMetrics();
        metrics.register(totals);
        manage(environment, stats.buildFlusher(recorder, redis, environment.getObjectMapper(),
                node.name() + "@" + clock.millis(), clock, environment.metrics(), totals));
        return recorder;
    }

    /** Once the server listens: beats and warms up. When it is told to stop: drains out of HAProxy first. */
    private static void onStartAndStop(Environment environment, NodeState node, Heartbeat heartbeat, WarmUp warmUp,
                                       Drain drain) {
        environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
            @Override
            public void serverStarted(org.eclipse.jetty.server.Server server) {
                heartbeat.listening(getLocalPort(server));
                if (node.phase() == NodeState.Phase.WARMING) {
                    warmUp.start(getLocalPort(server));
                }
            }
        });
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                drain.run();
            }
        });
    }

    /**
     * The admin API under /conduit (its admin part behind the admin's credentials, as the Dropwizard admin port;
     * the metrics and Prometheus' discovery also behind the read-only metrics user's).
     */
    private static void registerAdminApi(ConduitConfiguration config, Environment environment, Credentials admin,
                                         BasicAuthFilter.Users users, BasicAuthFilter.Refusals refusals,
                                         List<Object> resources) {
        environment.jersey().setUrlPattern("/conduit/*");
        Errors.register(environment, config.getServerFactory(), "the admin call",
                "no such admin resource; see docs/ADMIN-API.md", AdminErrorMappers.all());
        resources.forEach(environment.jersey()::register);
        List<String> guarded = new ArrayList<>(List.of("/conduit/admin/*", METRICS_PATH));
        if (!config.getOpenapi().isPublic()) {
            guarded.addAll(List.of("/conduit/openapi.json", "/conduit/openapi.yaml"));
        }
        new BasicAuthFilter(admin, "Conduit admin", "a user of the cluster (its admin is in admin.credentials)")
                .withReader(config.getMetricsUser().buildIfGiven("metrics").orElse(null), METRICS_PATH,
                        "/conduit/admin/prometheus/targets")
                .withRefusals(refusals)
                .withUsers(users, "/conduit/admin/", "/conduit/openapi.")
                .guard(environment, guarded.toArray(String[]::new));
    }

    private static <T extends Managed> T manage(Environment environment, T managed) {
        environment.lifecycle().manage(managed);
        return managed;
    }

    static String version() {
        String version = ConduitApplication.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
