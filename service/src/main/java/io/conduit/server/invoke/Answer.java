package io.conduit.server.invoke;

import io.conduit.api.Response;
import io.conduit.common.error.ErrorBody;
import java.util.Map;

/**
 * What a call through a channel answers: the service's response, or the error its failure maps to
 * (400 with the fields that did not validate, the service's own refusal, 502, 503 or 504 for a
 * backend, 500). One mapping for channels, the replay of a recorded call and the service test kit.
 *
 * @param status   the HTTP status: the response's, 204 when it set neither a payload nor a status
 * @param response the service's response, or null when it failed
 * @param error    the error body, or null when the service answered
 */
public record Answer(int status, Response response, ErrorBody error) {

    /** @return the answer of a service that returned */
    static Answer of(Response response) {
        int status = response.payload() == null && response.statusCode() == 200 ? 204 : response.statusCode();
        return new Answer(status, response, null);
    }

    /** @return the answer of a typed service's request that did not bind or validate */
    static Answer of(InvalidRequestException e, String cid) {
        return new Answer(400, null, new ErrorBody(e.getMessage(), cid, Map.of("fields", e.fields())));
    }

    /** @return the answer of a service that threw */
    static Answer of(InvocationException e, String cid) {
        return new Answer(e.httpStatus(), null, new ErrorBody(e.callerMessage(), cid));
    }

    /** @return whether the service answered (whatever the status it chose) */
    public boolean answered() {
        return error == null;
    }
}
