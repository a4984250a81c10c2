package io.conduit.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A request body that is not JSON, or not JSON of the shape the call takes: 400, with the parser's words. */
public final class JsonInputMapper extends ErrorMapper<JsonProcessingException> {

    @Override
    protected int status(JsonProcessingException failure) {
        return 400;
    }

    @Override
    protected String message(JsonProcessingException failure, String cid) {
        return "the request body is not valid JSON for this call: " + failure.getOriginalMessage();
    }
}
