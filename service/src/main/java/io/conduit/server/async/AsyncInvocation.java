package io.conduit.server.async;

import java.util.HashMap;
import java.util.Map;

/**
 * A durable asynchronous invocation as Redis holds it: a stream entry's fields, or the same as JSON
 * while it waits in the delayed set.
 *
 * @param cid         its own cid, also its id in the dead letters
 * @param service     the service to run
 * @param payload     the payload, JSON text
 * @param attempt     which attempt the next run is, from 1
 * @param maxAttempts attempts in all
 * @param backoffMs   the wait after the first failed attempt, doubled after each next one
 * @param traceparent the W3C trace context its attempts' spans are children of (its trace id is the cid),
 *                    or null (stored by an older version, or a replayed dead letter: a new root)
 */
record AsyncInvocation(String cid, String service, String payload, int attempt, int maxAttempts, long backoffMs,
                       String traceparent) {

    /** @return the fields of its stream entry */
    Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        f.put("cid", cid);
        f.put("service", service);
        f.put("payload", payload);
        f.put("attempt", Integer.toString(attempt));
        f.put("maxAttempts", Integer.toString(maxAttempts));
        f.put("backoffMs", Long.toString(backoffMs));
        if (traceparent != null) {
            f.put("traceparent", traceparent);
        }
        return f;
    }

    /** @return it, read back from a stream entry's fields */
    static AsyncInvocation of(Map<String, String> f) {
        return new AsyncInvocation(f.get("cid"), f.get("service"), f.getOrDefault("payload", "null"),
                Integer.parseInt(f.getOrDefault("attempt", "1")), Integer.parseInt(f.getOrDefault("maxAttempts", "1")),
                Long.parseLong(f.getOrDefault("backoffMs", "0")), f.get("traceparent"));
    }

    /** @return the next attempt of it */
    AsyncInvocation next() {
        return new AsyncInvocation(cid, service, payload, attempt + 1, maxAttempts, backoffMs, traceparent);
    }

    /** @return how long to wait before the next attempt after this one failed */
    long backoffAfterFailure() {
        return backoffMs << Math.min(attempt - 1, 20);
    }
}
