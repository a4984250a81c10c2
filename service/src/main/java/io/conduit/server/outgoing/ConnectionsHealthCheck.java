package io.conduit.server.outgoing;

import com.codahale.metrics.health.HealthCheck;
import io.conduit.api.OutgoingException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code outgoing-connections} on {@code /healthcheck}: pings every active SQL and AMQP connection and
 * reports each one (in the details), but stays healthy: a backend that is down is the backend's
 * problem, not a reason to take the node out of service.
 */
final class ConnectionsHealthCheck extends HealthCheck {

    private final LiveRegistry<OutgoingSqlConfig, SqlPool> sql;
    private final LiveRegistry<OutgoingAmqpConfig, AmqpPublisher> amqp;

    ConnectionsHealthCheck(LiveRegistry<OutgoingSqlConfig, SqlPool> sql,
                           LiveRegistry<OutgoingAmqpConfig, AmqpPublisher> amqp) {
        this.sql = sql;
        this.amqp = amqp;
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
                try {
                    details.put("amqp " + publisher.config().name(), "reachable in " + Math.round(publisher.ping())
                            + " ms");
                } catch (OutgoingException e) {
                    details.put("amqp " + publisher.config().name(), "unreachable: " + e.getMessage());
                    down++;
                }
            }
        }
        ResultBuilder result = Result.builder().healthy().withMessage(down == 0
                ? details.size() + " SQL and AMQP connections reachable"
                : down + " of " + details.size() + " SQL and AMQP connections unreachable (reported, not fatal)");
        details.forEach(result::withDetail);
        return result.build();
    }
}
