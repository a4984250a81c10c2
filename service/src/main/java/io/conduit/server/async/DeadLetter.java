package io.conduit.server.async;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A durable invocation whose every attempt failed, kept until it is replayed or discarded.
 *
 * @param id       its id (the invocation's cid)
 * @param service  the service
 * @param payload  the payload it was given
 * @param error    what the last attempt said
 * @param attempts how many attempts were made
 * @param cid      the invocation's cid, as in the logs
 * @param failedAt when the last attempt failed, ISO-8601
 */
public record DeadLetter(String id, String service, JsonNode payload, String error, int attempts, String cid,
                         String failedAt) {
}
