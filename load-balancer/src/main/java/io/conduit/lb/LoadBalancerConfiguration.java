package io.conduit.lb;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.redis.RedisFactory;
import io.conduit.lb.haproxy.ConfigRepo;
import io.conduit.lb.haproxy.Haproxy;
import io.conduit.lb.haproxy.RuntimeApi;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The LB agent's configuration ({@code agent.yml}).
 *
 * <table>
 * <caption>Configuration keys</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>configRepo</td><td>{@code config/repo/conduit.config}</td><td>the cluster's HAProxy config: the
 * agent reads the stats socket and admin1's credentials from it, and writes server changes to it</td></tr>
 * <tr><td>masterSocket</td><td>{@code haproxy-master.sock}</td><td>HAProxy's master CLI socket ({@code -S}),
 * used to reload gracefully</td></tr>
 * <tr><td>haproxyBinary</td><td>{@code haproxy}</td><td>the program that validates configurations
 * ({@code haproxy -c})</td></tr>
 * <tr><td>backend</td><td>{@code conduit_servers}</td><td>the backend of the server nodes</td></tr>
 * <tr><td>commandTimeout</td><td>5 seconds</td><td>how long a Runtime API command may take</td></tr>
 * <tr><td>reloadTimeout</td><td>15 seconds</td><td>how long a reload may take to start a new worker</td></tr>
 * <tr><td>reloadCloseGrace</td><td>2 seconds</td><td>how long before a reload every response closes its
 * connection, so no client is left with an idle one for the old process to close</td></tr>
 * <tr><td>join</td><td>see {@link JoinFactory}</td><td>nodes joining and leaving by themselves</td></tr>
 * <tr><td>redis</td><td>{@code redis://127.0.0.1:16379}</td><td>where nodes announce themselves</td></tr>
 * </table>
 */
public class LoadBalancerConfiguration extends Configuration {

    @NotEmpty
    private String configRepo = "config/repo/conduit.config";

    @NotEmpty
    private String masterSocket = "haproxy-master.sock";

    @NotEmpty
    private String haproxyBinary = "haproxy";

    @NotEmpty
    private String backend = "conduit_servers";

    @NotNull
    private Duration commandTimeout = Duration.seconds(5);

    @NotNull
    private Duration reloadTimeout = Duration.seconds(15);

    @NotNull
    private Duration reloadCloseGrace = Duration.seconds(2);

    @Valid
    @NotNull
    private JoinFactory join = new JoinFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @JsonProperty
    /** @return HAProxy as the agent drives it: its config repo, its Runtime API and master sockets */
    public Haproxy buildHaproxy(ConfigRepo repo) {
        java.time.Duration timeout = commandTimeout.toJavaDuration();
        return new Haproxy(repo, new RuntimeApi(repo.statsSocket(), timeout),
                new RuntimeApi(java.nio.file.Path.of(masterSocket).toAbsolutePath(), timeout), haproxyBinary, backend,
                reloadTimeout.toJavaDuration(), reloadCloseGrace.toJavaDuration());
    }

    public String getConfigRepo() {
        return configRepo;
    }

    @JsonProperty
    public void setConfigRepo(String configRepo) {
        this.configRepo = configRepo;
    }

    @JsonProperty
    public String getMasterSocket() {
        return masterSocket;
    }

    @JsonProperty
    public void setMasterSocket(String masterSocket) {
        this.masterSocket = masterSocket;
    }

    @JsonProperty
    public String getHaproxyBinary() {
        return haproxyBinary;
    }

    @JsonProperty
    public void setHaproxyBinary(String haproxyBinary) {
        this.haproxyBinary = haproxyBinary;
    }

    @JsonProperty
    public String getBackend() {
        return backend;
    }

    @JsonProperty
    public void setBackend(String backend) {
        this.backend = backend;
    }

    @JsonProperty
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    @JsonProperty
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    @JsonProperty
    public Duration getReloadCloseGrace() {
        return reloadCloseGrace;
    }

    @JsonProperty
    public void setReloadCloseGrace(Duration reloadCloseGrace) {
        this.reloadCloseGrace = reloadCloseGrace;
    }

    @JsonProperty
    public Duration getReloadTimeout() {
        return reloadTimeout;
    }

    @JsonProperty
    public void setReloadTimeout(Duration reloadTimeout) {
        this.reloadTimeout = reloadTimeout;
    }

    @JsonProperty
    public JoinFactory getJoin() {
        return join;
    }

    @JsonProperty
    public void setJoin(JoinFactory join) {
        this.join = join;
    }

    @JsonProperty
    public RedisFactory getRedis() {
        return redis;
    }

    @JsonProperty
    public void setRedis(RedisFactory redis) {
        this.redis = redis;
    }
}
