package io.conduit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.AsyncOptions;

/**
 * A service's {@code invokeAsync}, kept by the test kit instead of queued: the test looks at it, or
 * runs it with {@link ServiceHarness#runAsync()}.
 *
 * @param service the service to invoke
 * @param payload its payload, as JSON
 * @param options durable or in memory, delay, attempts
 * @param cid     the invocation's own cid (what {@code invokeAsync} returned)
 */
public record AsyncCall(String service, JsonNode payload, AsyncOptions options, String cid) {
}
