package io.conduit.server.amqp;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.outgoing.AmqpAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An AMQP channel as the ODB holds it: every node consumes a queue and invokes a service with each
 * message (the password sealed in the ODB).
 *
 * @param name        unique name, e.g. {@code orders}
 * @param address     the broker, {@code amqp://host:5672/vhost}
 * @param user        the broker user
 * @param password    the user's password, or {@code null}
 * @param queue       the queue consumed; declared (durable, with a dead-letter queue {@code <queue>.dead-letter})
 *                    when it does not exist
 * @param service     the service each message invokes
 * @param prefetch    messages the broker hands each consumer before it acknowledges one
 * @param consumers   consumers on each node: how many messages a node handles at once
 * @param maxAttempts how many times a message is tried before it is rejected to the dead-letter exchange
 * @param active      an inactive channel consumes nothing
 */
public record AmqpChannelConfig(String name, String address, String user, String password, String queue,
                                String service, int prefetch, int consumers, int maxAttempts, boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");

    /**
     * @return the channel with defaults filled in
     * @throws InvalidInputException naming the wrong field
     */
    public AmqpChannelConfig validated() {
        require(name != null && NAME.matcher(name).matches(), "name must be 1-200 letters, digits, spaces or . _ : -");
        String normal = AmqpAddress.parse(address).text();
        require(user != null && !user.isBlank(), "user is required");
        require(queue != null && !queue.isBlank() && queue.trim().length() <= 200 && !queue.startsWith("amq."),
                "queue is required: 1-200 characters, not starting with amq. (the broker's own)");
        require(service != null && !service.isBlank(), "service is required: the service each message invokes");
        int pre = prefetch <= 0 ? 10 : prefetch;
        require(pre <= 10_000, "prefetch must be at most 10000");
        int con = consumers <= 0 ? 1 : consumers;
        require(con <= 64, "consumers must be at most 64 per node");
        int attempts = maxAttempts <= 0 ? 3 : maxAttempts;
        require(attempts <= 100, "maxAttempts must be at most 100");
        return new AmqpChannelConfig(name, normal, user.trim(), password == null || password.isEmpty() ? null : password,
                queue.trim(), service.trim(), pre, con, attempts, active);
    }

    /** @return the queue a message goes to after its last attempt, when the channel declared the queue */
    public String deadLetterQueue() {
        return queue + ".dead-letter";
    }

    /** @return what the admin API shows: everything but the password */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("address", address);
        view.put("user", user);
        view.put("passwordSet", password != null);
        view.put("queue", queue);
        view.put("service", service);
        view.put("prefetch", prefetch);
        view.put("consumers", consumers);
        view.put("maxAttempts", maxAttempts);
        view.put("active", active);
        return view;
    }

    @Override
    public String toString() {
        return "AmqpChannelConfig[name=" + name + ", address=" + address + ", user=" + user + ", password=***, queue="
                + queue + ", service=" + service + ", prefetch=" + prefetch + ", consumers=" + consumers
                + ", maxAttempts=" + maxAttempts + ", active=" + active + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
