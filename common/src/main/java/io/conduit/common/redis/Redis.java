package io.conduit.common.redis;

import io.dropwizard.lifecycle.Managed;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The node's Redis: a pool for commands, and fresh dedicated connections for what blocks (the
 * broker's subscription). Closing it closes the pool.
 */
public final class Redis implements Managed {

    /** Errors of a Redis that is up but cannot serve yet: loading its data, or without its master. */
    private static final String NO_CONNECTION = "Could not get a resource from the pool";
    private static final Pattern NOT_READY = Pattern.compile("(LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\\b");

    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final String password;
    private final JedisPooled pool;

    public Redis(HostAndPort address, JedisClientConfig clientConfig, String password,
          GenericObjectPoolConfig<Connection> poolConfig) {
        this.address = address;
        this.clientConfig = clientConfig;
        this.password = password;
        this.pool = new JedisPooled(address, clientConfig, poolConfig);
    }

    /** @return the shared pool */
    public JedisPooled pool() {
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
    public <T> T read(Function<JedisPooled, T> read) {
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
        pool.getPool().clear();
    }

    /**
     * @return whether a failure means Redis cannot serve now (rather than a command it refused): it
     *         cannot be reached, or it is up but not ready yet, like a Redis that restarted and is
     *         still loading its data ({@code LOADING})
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

    /** @return a new connection of its own; the caller closes it */
    public Jedis dedicated() {
        return new Jedis(address, clientConfig);
    }

    /** @return {@code host:port}, for messages */
    public String address() {
        return address.toString();
    }

    /** @return the host Redis listens on */
    public String host() {
        return address.getHost();
    }

    /** @return the port Redis listens on */
    public int port() {
        return address.getPort();
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
