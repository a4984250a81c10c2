package io.conduit.server.broker;

import io.conduit.common.redis.Redis;
import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tells the other nodes, through Redis pub/sub, that the configuration changed, and tells this
 * node when another one changed it. A message only says "look again": the ODB holds the truth, so
 * a lost message costs at most one sync interval, and after a reconnect the node looks again at once.
 * With Redis Sentinel, a watch closes the subscription when the sentinels name another master, so
 * it moves there even when the old one went silent rather than away (a cut link sends no reset).
 */
public final class ConfigBroker implements Managed {

    static final String CHANNEL = "conduit:config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigBroker.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Redis redis;
    private final String node;
    private final BackgroundTask task;
    private final BackgroundTask watch;
    private volatile Jedis connection;
    private volatile HostAndPort subscribedTo;
    private volatile Runnable onChange = () -> { };
    private volatile JedisPubSub subscription;
    private volatile boolean lost;

    public ConfigBroker(Redis redis, String node, Clock clock) {
        this.redis = redis;
        this.node = node;
        this.task = new BackgroundTask("broker", BackgroundTask.Schedule.every(RETRY), Duration.ofSeconds(5), clock,
                this::subscribe);
        this.watch = new BackgroundTask("broker-watch", BackgroundTask.Schedule.every(RETRY), Duration.ofSeconds(5),
                clock, this::followMaster);
    }

    /** @param onChange run when another node changed the configuration, and after every (re)subscription */
    public void listen(Runnable onChange) {
        this.onChange = onChange;
    }

    /** Tells the other nodes to look at the ODB again. A failure is logged: they catch up on their interval. */
    public void publish() {
        try {
            redis.pool().publish(CHANNEL, node);
        } catch (JedisException e) {
            LOG.warn("Broker - cannot tell the other nodes about a change (Redis at {}: {}); they will see it within"
                    + " their sync interval", redis.address(), e.getMessage());
        }
    }

    @Override
    public void start() {
        task.start();
        watch.start();
    }

    @Override
    public void stop() {
        if (task.isStopped()) {
            return;
        }
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (JedisException e) {
                // the connection is gone already
            }
        }
        task.stopNow();
        watch.stopNow();
    }

    /** @return whether it is subscribed now: changes made on other nodes reach this one at once */
    public boolean isListening() {
        JedisPubSub current = subscription;
        return connection != null && current != null && current.isSubscribed();
    }

    /** @return the Redis it listens to (or tries to) */
    public String address() {
        return redis.address();
    }

    /** Drops the subscription when it is not on the master Redis names now; the task subscribes again there. */
    private void followMaster() {
        Jedis current = connection;
        if (current == null) {
            return;
        }
        HostAndPort master = redis.master();
        if (master != null && !master.equals(subscribedTo)) {
            LOG.info("Broker - Redis's master is {} now; moving the subscription there", master);
            current.disconnect();
        }
    }

    /** Subscribes and listens until the connection breaks; the task runs it again a second later. */
    private void subscribe() {
        if (task.isStopped()) {
            return;
        }
        subscribedTo = redis.master();
        try (Jedis jedis = redis.dedicated()) {
            JedisPubSub pubsub = new Listener();
            subscription = pubsub;
            connection = jedis;
            jedis.subscribe(pubsub, CHANNEL);
        } catch (JedisException e) {
            if (!task.isStopped() && !lost) {
                lost = true;
                LOG.warn("Broker - no connection to Redis at {} ({}); retrying every second, and checking the ODB"
                        + " on the sync interval meanwhile", redis.address(), e.getMessage());
            }
        } finally {
            connection = null;
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (lost) {
                lost = false;
                LOG.info("Broker - connected to Redis at {} again; checking the ODB for missed changes",
                        redis.address());
            }
            onChange.run();
        }

        @Override
        public void onMessage(String channel, String message) {
            if (!node.equals(message)) {
                onChange.run();
            }
        }
    }
}
