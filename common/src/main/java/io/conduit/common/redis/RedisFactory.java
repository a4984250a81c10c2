package io.conduit.common.redis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * The cluster's Redis: the key/value database, the statistics store and the broker of
 * configuration changes.
 *
 * <table>
 * <caption>Configuration keys under {@code redis:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>url</td><td>{@code redis://127.0.0.1:16379}</td><td>where Redis listens (unless sentinels are given)</td></tr>
 * <tr><td>sentinels</td><td>none</td><td>{@code [host:port, ...]}: the Redis Sentinels to ask for the master,
 *     instead of a fixed url; the pool follows the master they name after a failover</td></tr>
 * <tr><td>masterName</td><td>empty</td><td>the name the sentinels monitor the master by (with sentinels)</td></tr>
 * <tr><td>sentinelPassword</td><td>empty</td><td>the sentinels' own {@code requirepass}, if any</td></tr>
 * <tr><td>password</td><td>empty</td><td>Redis's {@code requirepass}, if any</td></tr>
 * <tr><td>database</td><td>0</td><td>the database number</td></tr>
 * <tr><td>connectTimeout</td><td>2 seconds</td><td>how long to wait for a connection</td></tr>
 * <tr><td>socketTimeout</td><td>2 seconds</td><td>how long to wait for an answer</td></tr>
 * <tr><td>maxConnections</td><td>32</td><td>the pool's size</td></tr>
 * </table>
 */
public class RedisFactory {

    @NotEmpty
    private String url = "redis://127.0.0.1:16379";

    @NotNull
    private String password = "";

    @NotNull
    private List<String> sentinels = List.of();

    @NotNull
    private String masterName = "";

    @NotNull
    private String sentinelPassword = "";

    @Min(0)
    @Max(15)
    private int database;

    @NotNull
    private Duration connectTimeout = Duration.seconds(2);

    @NotNull
    private Duration socketTimeout = Duration.seconds(2);

    @Min(1)
    @Max(1000)
    private int maxConnections = 32;

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    @JsonProperty
    public List<String> getSentinels() {
        return sentinels;
    }

    @JsonProperty
    public void setSentinels(List<String> sentinels) {
        this.sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
    }

    @JsonProperty
    public String getMasterName() {
        return masterName;
    }

    @JsonProperty
    public void setMasterName(String masterName) {
        this.masterName = masterName == null ? "" : masterName.trim();
    }

    @JsonProperty
    public void setSentinelPassword(String sentinelPassword) {
        this.sentinelPassword = sentinelPassword == null ? "" : sentinelPassword;
    }

    /** @return whether Redis is found through Sentinel */
    @JsonIgnore
    public boolean isSentineled() {
        return !sentinels.isEmpty();
    }

    @JsonProperty
    public int getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(int database) {
        this.database = database;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    @JsonProperty
    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    @JsonProperty
    public int getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * @param clientName how this node appears in {@code CLIENT LIST}
     * @return the connection settings and a pool (register it with the lifecycle)
     */
    public Redis build(String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMilliseconds())
                .socketTimeoutMillis((int) socketTimeout.toMilliseconds())
                .database(database)
                .clientName(clientName);
        if (!password.isEmpty()) {
            config.password(password);
        }
        JedisClientConfig clientConfig = config.build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setMaxWait(connectTimeout.toJavaDuration());
        // Idle connections are checked every second, all of them: after Redis restarts, broken ones go
        // before a call picks them up.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        pool.setJmxEnabled(false);
        if (isSentineled()) {
            if (masterName.isEmpty()) {
                throw new IllegalArgumentException("redis.sentinels needs redis.masterName: the name the sentinels"
                        + " monitor the master by (sentinel monitor NAME host port quorum)");
            }
            DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) connectTimeout.toMilliseconds())
                    .socketTimeoutMillis((int) socketTimeout.toMilliseconds())
                    .clientName(clientName);
            if (!sentinelPassword.isEmpty()) {
                sentinelConfig.password(sentinelPassword);
            }
            return Redis.sentineled(masterName, sentinels.stream().map(RedisFactory::hostAndPort).toList(), clientConfig,
                    sentinelConfig.build(), password, pool);
        }
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url must be redis://host:port; got " + url);
        }
        return Redis.standalone(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), clientConfig,
                password, pool);
    }

    /** @return {@code host:port} parsed, with a message that names the setting when it is not one */
    static HostAndPort hostAndPort(String sentinel) {
        int colon = sentinel.lastIndexOf(':');
        try {
            if (colon > 0) {
                return new HostAndPort(sentinel.substring(0, colon).trim(),
                        Integer.parseInt(sentinel.substring(colon + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("redis.sentinels takes host:port entries; got '" + sentinel + "'");
    }
}
