package io.conduit.server.outgoing;

import com.codahale.metrics.health.HealthCheck;
import io.conduit.api.OutgoingException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * {@code outgoing-connections} on {@code /healthcheck}: pings every active SQL, AMQP and Kafka connection and
 * reports each one (in the details), but stays healthy: a backend that is down is the backend's
 * problem, not a reason to take the node out of service.
 */
final class ConnectionsHealthCheck extends HealthCheck {

    private final LiveRegistry<OutgoingSqlConfig, SqlPool> sql;
    private final LiveRegistry<OutgoingAmqpConfig, AmqpPublisher> amqp;
    private final LiveRegistry<OutgoingKafkaConfig, KafkaSender> kafka;

    ConnectionsHealthCheck(LiveRegistry<OutgoingSqlConfig, SqlPool> sql,
                           LiveRegistry<OutgoingAmqpConfig, AmqpPublisher> amqp,
                           LiveRegistry<OutgoingKafkaConfig, KafkaSender> kafka) {
        this.sql = sql;
        this.amqp = amqp;
        this.kafka = kafka;
    }

    @Override
    protected Result check() {
        Map<String, Object> details = new TreeMap<>();
        int down = 0;
        for (SqlPool pool : sql.all()) {
            if (pool.config().active()) {
                try {
                    SqlPing ping = pool.ping();
                    details.put("sql " + pool.name(), "reachable: " + ping.database() + " in " + Math.round(ping.millis())
                            + " ms");
                } catch (RuntimeException e) {
                    details.put("sql " + pool.name(), "unreachable: " + e.getMessage());
                    down++;
                }
            }
        }
        for (AmqpPublisher publisher : amqp.all()) {
            if (publisher.config().active()) {
                down += broker(details, "amqp " + publisher.config().name(), publisher::ping);
            }
        }
        for (KafkaSender sender : kafka.all()) {
            if (sender.config().active()) {
                down += broker(details, "kafka " + sender.config().name(), sender::ping);
            }
        }
        ResultBuilder result = Result.builder().healthy().withMessage(down == 0
                ? details.size() + " SQL, AMQP and Kafka connections reachable"
                : down + " of " + details.size() + " SQL, AMQP and Kafka connections unreachable (reported, not fatal)");
        details.forEach(result::withDetail);
        return result.build();
    }

    /** @return 1 if the broker connection is unreachable (its reason in the details), else 0 */
    private static int broker(Map<String, Object> details, String name, DoubleSupplier ping) {
        try {
            details.put(name, "reachable in " + Math.round(ping.getAsDouble()) + " ms");
            return 0;
        } catch (OutgoingException e) {
            details.put(name, "unreachable: " + e.getMessage());
            return 1;
        }
    }
}
