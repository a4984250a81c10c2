package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.auth.AdminFactory;
import io.conduit.common.redis.RedisFactory;
import io.conduit.server.calls.CallsFactory;
import io.conduit.server.cluster.NodeFactory;
import io.conduit.server.deploy.PickupFactory;
import io.conduit.server.kvdb.KvdbFactory;
import io.conduit.server.odb.OdbFactory;
import io.conduit.server.secrets.SecretsFactory;
import io.conduit.server.stats.StatsFactory;
import io.conduit.server.tracing.TracingFactory;
import io.conduit.server.users.SsoFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * A server node's configuration ({@code config.yml}). Every value may come from the environment
 * with {@code ${VARIABLE:-default}}.
 *
 * <table>
 * <caption>Top-level sections</caption>
 * <tr><th>Name</th><th>Description</th></tr>
 * <tr><td>node</td><td>{@link NodeFactory}: name, address, heartbeat and sync intervals</td></tr>
 * <tr><td>admin</td><td>{@link AdminFactory}: the admin credentials</td></tr>
 * <tr><td>metricsUser</td><td>{@link AdminFactory}: the read-only user of {@code /conduit/metrics} and the
 * Prometheus discovery endpoint (optional; the admin user may always read them)</td></tr>
 * <tr><td>tracing</td><td>{@link TracingFactory}: OpenTelemetry spans and where they go</td></tr>
 * <tr><td>calls</td><td>{@link CallsFactory}: failed and slow calls recorded</td></tr>
 * <tr><td>odb</td><td>{@link OdbFactory}: the operational database</td></tr>
 * <tr><td>pickup</td><td>{@link PickupFactory}: the hot-deployment directory</td></tr>
 * <tr><td>channels</td><td>{@link ChannelsFactory}: limits of the HTTP channels</td></tr>
 * <tr><td>invoke</td><td>{@link InvokeFactory}: background invocations</td></tr>
 * <tr><td>redis</td><td>{@link RedisFactory}: the cluster's Redis (KVDB, statistics, broker)</td></tr>
 * <tr><td>kvdb</td><td>{@link KvdbFactory}: the admin API's Remote commands</td></tr>
 * <tr><td>stats</td><td>{@link StatsFactory}: service statistics</td></tr>
 * </table>
 */
public class ConduitConfiguration extends Configuration {

    @Valid
    @NotNull
    private NodeFactory node = new NodeFactory();

    @Valid
    @NotNull
    private AdminFactory admin = new AdminFactory();

    @Valid
    @NotNull
    private AdminFactory metricsUser = new AdminFactory();

    @Valid
    @NotNull
    private TracingFactory tracing = new TracingFactory();

    @Valid
    @NotNull
    private CallsFactory calls = new CallsFactory();

    @Valid
    @NotNull
    private AuditFactory audit = new AuditFactory();
    private SsoFactory sso = new SsoFactory();

    @Valid
    @NotNull
    private OdbFactory odb = new OdbFactory();

    @Valid
    @NotNull
    private SecretsFactory secrets = new SecretsFactory();

    @Valid
    @NotNull
    private PickupFactory pickup = new PickupFactory();

    @Valid
    @NotNull
    private ChannelsFactory channels = new ChannelsFactory();

    @Valid
    @NotNull
    private InvokeFactory invoke = new InvokeFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @Valid
    @NotNull
    private KvdbFactory kvdb = new KvdbFactory();

    @Valid
    @NotNull
    private StatsFactory stats = new StatsFactory();

    @Valid
    @NotNull
    private OpenApiFactory openapi = new OpenApiFactory();

    @Valid
    @NotNull
    private AsyncFactory async = new AsyncFactory();

    @JsonProperty("async")
    public AsyncFactory getAsync() {
        return async;
    }

    @JsonProperty("async")
    public void setAsync(AsyncFactory async) {
        this.async = async;
    }

    @JsonProperty("openapi")
    public OpenApiFactory getOpenapi() {
        return openapi;
    }

    @JsonProperty("openapi")
    public void setOpenapi(OpenApiFactory openapi) {
        this.openapi = openapi;
    }

    @JsonProperty
    public SsoFactory getSso() {
        return sso;
    }

    @JsonProperty
    public void setSso(SsoFactory sso) {
        this.sso = sso;
    }

    @JsonProperty
    public AuditFactory getAudit() {
        return audit;
    }

    @JsonProperty
    public void setAudit(AuditFactory audit) {
        this.audit = audit;
    }

    @JsonProperty
    public StatsFactory getStats() {
        return stats;
    }

    @JsonProperty
    public void setStats(StatsFactory stats) {
        this.stats = stats;
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
    public KvdbFactory getKvdb() {
        return kvdb;
    }

    @JsonProperty
    public void setKvdb(KvdbFactory kvdb) {
        this.kvdb = kvdb;
    }

    @JsonProperty
    public NodeFactory getNode() {
        return node;
    }

    @JsonProperty
    public void setNode(NodeFactory node) {
        this.node = node;
    }

    @JsonProperty
    public AdminFactory getAdmin() {
        return admin;
    }

    @JsonProperty
    public CallsFactory getCalls() {
        return calls;
    }

    @JsonProperty
    public void setCalls(CallsFactory calls) {
        this.calls = calls;
    }

    @JsonProperty
    public TracingFactory getTracing() {
        return tracing;
    }

    @JsonProperty
    public void setTracing(TracingFactory tracing) {
        this.tracing = tracing;
    }

    @JsonProperty
    public AdminFactory getMetricsUser() {
        return metricsUser;
    }

    @JsonProperty
    public void setMetricsUser(AdminFactory metricsUser) {
        this.metricsUser = metricsUser;
    }

    @JsonProperty
    public void setAdmin(AdminFactory admin) {
        this.admin = admin;
    }

    @JsonProperty
    public OdbFactory getOdb() {
        return odb;
    }

    @JsonProperty
    public void setOdb(OdbFactory odb) {
        this.odb = odb;
    }

    @JsonProperty
    public SecretsFactory getSecrets() {
        return secrets;
    }

    @JsonProperty
    public void setSecrets(SecretsFactory secrets) {
        this.secrets = secrets;
    }

    @JsonProperty
    public PickupFactory getPickup() {
        return pickup;
    }

    @JsonProperty
    public void setPickup(PickupFactory pickup) {
        this.pickup = pickup;
    }

    @JsonProperty
    public ChannelsFactory getChannels() {
        return channels;
    }

    @JsonProperty
    public void setChannels(ChannelsFactory channels) {
        this.channels = channels;
    }

    @JsonProperty
    public InvokeFactory getInvoke() {
        return invoke;
    }

    @JsonProperty
    public void setInvoke(InvokeFactory invoke) {
        this.invoke = invoke;
    }
}
