package io.conduit.server.cluster;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.conduit.common.redis.Redis;
import io.conduit.server.broker.ConfigBroker;

/**
 * The node's health checks on Dropwizard's {@code /healthcheck} (with the ODB's own {@code odb}):
 * Redis answers, the config broker is subscribed. Outgoing connections are reported there too, by
 * their own check, without making the node unhealthy.
 */
public final class NodeHealth {

    private NodeHealth() {
    }

    /** Registers {@code redis} and {@code config-broker}. */
    public static void register(HealthCheckRegistry checks, Redis redis, ConfigBroker broker) {
        checks.register("redis", new HealthCheck() {
            @Override
            protected Result check() {
                try {
                    String pong = redis.pool().ping();
                    return "PONG".equals(pong) ? Result.healthy("Redis at %s answers", redis.address())
                            : Result.unhealthy("Redis at %s answered %s to PING", redis.address(), pong);
                } catch (RuntimeException e) {
                    return Result.unhealthy("Redis at %s cannot be reached: %s", redis.address(), e.getMessage());
                }
            }
        });
        checks.register("config-broker", new HealthCheck() {
            @Override
            protected Result check() {
                return broker.isListening()
                        ? Result.healthy("subscribed to configuration changes at %s", broker.address())
                        : Result.unhealthy("not subscribed to configuration changes at %s: changes made on other nodes"
                        + " reach this one only on the sync interval", broker.address());
            }
        });
    }
}
