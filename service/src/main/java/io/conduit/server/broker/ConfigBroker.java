package io.conduit.server.broker;

import io.conduit.common.redis.Redis;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tells the other nodes, through Redis pub/sub, that the configuration changed, and tells this
 * node when another one changed it. A message only says "look again": the ODB holds the truth, so
 * a lost message costs at most one sync interval, and after a reconnect the node looks again at once.
 */
public final class ConfigBroker implements Managed {

    static final String CHANNEL = "conduit:config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigBroker.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Redis redis;
    private final String node;
    private volatile Runnable onChange = () -> { };
    private volatile boolean running;
    private volatile JedisPubSub subscription;
    private volatile boolean lost;
    private Thread thread;

    public ConfigBroker(Redis redis, String node) {
        this.redis = redis;
        this.node = node;
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
    public synchronized void start() {
        running = true;
        thread = new Thread(this::subscribeForever, "conduit-broker");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        running = false;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (JedisException e) {
                // the connection is gone already
            }
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void subscribeForever() {
        while (running) {
            try (Jedis jedis = redis.dedicated()) {
                JedisPubSub pubsub = new Listener();
                subscription = pubsub;
                jedis.subscribe(pubsub, CHANNEL);
            } catch (JedisException e) {
                if (running && !lost) {
                    lost = true;
                    LOG.warn("Broker - no connection to Redis at {} ({}); retrying every second, and checking the ODB"
                            + " on the sync interval meanwhile", redis.address(), e.getMessage());
                }
            }
            if (running) {
                LockSupport.parkNanos(RETRY_NANOS);
            }
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
