package io.conduit.common.redis;

import io.dropwizard.lifecycle.Managed;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The node's Redis: a pool for commands, and fresh dedicated connections for what blocks (the
 * broker's subscription). Either one Redis at a fixed address, or the master of a group that Redis
 * Sentinel watches: then the pool follows the master the sentinels name after a failover (Jedis's
 * own Sentinel support), and every dedicated connection goes to the current master. Closing it
 * closes the pool.
 */
public final class Redis implements Managed {

    /** Errors of a Redis that is up but cannot serve yet: loading its data, or without its master. */
    private static final String NO_CONNECTION = "Could not get a resource from the pool";
    private static final Pattern NOT_READY =
            Pattern.compile("(LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\\b");

    private final UnifiedJedis pool;
    private final Supplier<HostAndPort> master;
    private final Runnable clearIdle;
    private final Supplier<Collection<? extends Pool<Connection>>> pools;
    private final String description;
    private final JedisClientConfig clientConfig;
    private final String password;

    private Redis(UnifiedJedis pool, Supplier<HostAndPort> master, Supplier<Collection<? extends Pool<Connection>>> pools,
                  String description, JedisClientConfig clientConfig, String password) {
        this.pool = pool;
        this.master = master;
        this.pools = pools;
        this.clearIdle = () -> pools.get().forEach(Pool::clear);
        this.description = description;
        this.clientConfig = clientConfig;
        this.password = password;
    }

    /** One Redis at a fixed address. */
    public static Redis standalone(HostAndPort address, JedisClientConfig clientConfig, String password,
                                   GenericObjectPoolConfig<Connection> poolConfig) {
        JedisPooled pooled = new JedisPooled(address, clientConfig, poolConfig);
        return new Redis(pooled, () -> address, () -> List.of(pooled.getPool()), address.toString(), clientConfig,
                password);
    }

    /**
     * The master of the group {@code masterName}, as the sentinels name it now and after every failover.
     *
     * @param sentinelConfig how to talk to the sentinels themselves (they may have no password)
     */
    public static Redis sentineled(String masterName, List<HostAndPort> sentinels, JedisClientConfig clientConfig,
                                   JedisClientConfig sentinelConfig, String password,
                                   GenericObjectPoolConfig<Connection> poolConfig) {
        String description = "master '" + masterName + "' of sentinels "
                + sentinels.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
        SentineledConnectionProvider provider;
        try {
            provider = new SentineledConnectionProvider(masterName, clientConfig, poolConfig, Set.copyOf(sentinels),
                    sentinelConfig);
        } catch (JedisException e) {
            throw new IllegalStateException("Redis " + description + ": no sentinel names the master now (" + e.getMessage()
                    + "); start the sentinels, or check redis.sentinels and redis.masterName", e);
        }
        return new Redis(new JedisSentineled(provider), provider::getCurrentMaster,
                () -> provider.getConnectionMap().values(), description, clientConfig, password);
    }

    /**
     * The shared pool's connections now.
     *
     * @param active  in use
     * @param idle    open and free
     * @param waiting callers waiting for one
     */
    public record PoolCounts(int active, int idle, int waiting) {
    }

    /** @return the shared pool's connections now */
    public PoolCounts poolCounts() {
        int active = 0;
        int idle = 0;
        int waiting = 0;
        for (Pool<Connection> p : pools.get()) {
            active += p.getNumActive();
            idle += p.getNumIdle();
            waiting += p.getNumWaiters();
        }
        return new PoolCounts(active, idle, waiting);
    }

    /** @return the shared pool */
    public UnifiedJedis pool() {
        return pool;
    }

    /**
     * Runs a read, again once if the pooled connection it got turns out dead (Redis restarted since
     * it was opened). Only for reads: a write might have been applied before its connection broke.
     *
     * @param read the read
     * @param <T>  its result
     * @return its result
     */
    public <T> T read(Function<UnifiedJedis, T> read) {
        try {
            return read.apply(pool);
        } catch (JedisConnectionException e) {
            dropIdleConnections();
            return read.apply(pool);
        }
    }

    /**
     * Closes the pool's idle connections: after one connection broke (Redis restarted, or is away),
     * the others are broken too, and the next calls would each fail on one.
     */
    public void dropIdleConnections() {
        clearIdle.run();
    }

    /**
     * @return whether a failure means Redis cannot serve now (rather than a command it refused): it
     *         cannot be reached, or it is up but not ready yet, like a Redis that restarted and is
     *         still loading its data ({@code LOADING}), or a former master that is a replica now
     *         ({@code READONLY}) until the pool follows the new one
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a pool whose connections are all busy while Redis hangs says NoSuchElementException
            if (t instanceof JedisConnectionException || t instanceof java.util.NoSuchElementException) {
                return true;
            }
            if (t instanceof JedisDataException && t.getMessage() != null && NOT_READY.matcher(t.getMessage()).lookingAt()) {
                return true;
            }
            // the pool could not open a connection, whatever the cause: a Redis restarting can even
            // answer the handshake with something Jedis does not expect (a ClassCastException inside)
            if (t instanceof JedisException && t.getMessage() != null && t.getMessage().startsWith(NO_CONNECTION)) {
                return true;
            }
        }
        return false;
    }

    /** @return a new connection of its own, to the current master; the caller closes it */
    public Jedis dedicated() {
        HostAndPort now = master.get();
        if (now == null) {
            throw new JedisConnectionException("the sentinels name no master for " + description + " now");
        }
        return new Jedis(now, clientConfig);
    }

    /** @return where Redis is, for messages: {@code host:port}, or the Sentinel group and its current master */
    public String address() {
        HostAndPort now = master.get();
        if (now != null && description.equals(now.toString())) {
            return description;
        }
        return description + " (master now " + (now == null ? "unknown" : now) + ")";
    }

    /** @return the address of Redis, or of the current master with Sentinel (null while none is known) */
    public HostAndPort master() {
        return master.get();
    }

    /** @return the host of the current master */
    public String host() {
        return master.get().getHost();
    }

    /** @return the port of the current master */
    public int port() {
        return master.get().getPort();
    }

    /** @return the password, or empty */
    public String password() {
        return password;
    }

    /** @return the database number */
    public int database() {
        return clientConfig.getDatabase();
    }

    /** @return the socket timeout in milliseconds */
    public int socketTimeoutMillis() {
        return clientConfig.getSocketTimeoutMillis();
    }

    @Override
    public void stop() {
        pool.close();
    }
}
