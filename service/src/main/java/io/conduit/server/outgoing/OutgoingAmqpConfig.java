package io.conduit.server.outgoing;

import static io.conduit.server.outgoing.OutgoingSqlConfig.require;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An outgoing AMQP connection (RabbitMQ) as the ODB holds it (the password sealed there).
 *
 * @param name         unique name services publish to, e.g. {@code Orders}
 * @param address      {@code amqp://host:5672/vhost}
 * @param user         the broker user
 * @param password     the user's password, or {@code null}
 * @param exchange     the exchange messages go to; {@code ""} is the default exchange (routing key = queue)
 * @param routingKey   the routing key when a service gives none
 * @param deliveryMode 2 (persistent: kept across a broker restart in a durable queue) or 1 (transient)
 * @param confirm      whether a send waits for the broker's confirm
 * @param timeoutMs    how long a send waits for the broker (connecting, and confirming)
 * @param active       an inactive connection refuses every send, saying so
 */
public record OutgoingAmqpConfig(String name, String address, String user, String password, String exchange,
                                 String routingKey, int deliveryMode, boolean confirm, int timeoutMs,
                                 boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");

    /**
     * @return the connection with defaults filled in
     * @throws io.conduit.common.error.InvalidInputException naming the wrong field
     */
    public OutgoingAmqpConfig validated() {
        require(name != null && NAME.matcher(name).matches(), "name must be 1-200 letters, digits, spaces or . _ : -");
        String normal = AmqpAddress.parse(address).text();
        require(user != null && !user.isBlank(), "user is required");
        String ex = exchange == null ? "" : exchange.trim();
        require(ex.length() <= 255, "exchange must be at most 255 characters");
        String key = routingKey == null ? "" : routingKey.trim();
        require(key.length() <= 255, "routingKey must be at most 255 characters");
        int mode = deliveryMode == 0 ? 2 : deliveryMode;
        require(mode == 1 || mode == 2, "deliveryMode must be 2 (persistent) or 1 (transient)");
        int timeout = timeoutMs <= 0 ? 10_000 : timeoutMs;
        require(timeout >= 100 && timeout <= 600_000, "timeoutMs must be between 100 and 600000 (ten minutes)");
        return new OutgoingAmqpConfig(name, normal, user.trim(), password == null || password.isEmpty() ? null : password,
                ex, key, mode, confirm, timeout, active);
    }

    /** @return what the admin API shows: everything but the password */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("address", address);
        view.put("user", user);
        view.put("passwordSet", password != null);
        view.put("exchange", exchange);
        view.put("routingKey", routingKey);
        view.put("deliveryMode", deliveryMode);
        view.put("confirm", confirm);
        view.put("timeoutMs", timeoutMs);
        view.put("active", active);
        return view;
    }

    @Override
    public String toString() {
        return "OutgoingAmqpConfig[name=" + name + ", address=" + address + ", user=" + user + ", password=***, exchange="
                + exchange + ", routingKey=" + routingKey + ", deliveryMode=" + deliveryMode + ", confirm=" + confirm
                + ", timeoutMs=" + timeoutMs + ", active=" + active + "]";
    }
}
