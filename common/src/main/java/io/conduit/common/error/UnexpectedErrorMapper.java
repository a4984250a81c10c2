package io.conduit.common.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no other mapper answers is a fault of the server: 500, with the cid, and the stack trace
 * in the log under that cid, never to the caller.
 */
public final class UnexpectedErrorMapper extends ErrorMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    private final String part;

    /** @param part what answers, in the message: "the admin call", "the LB agent", ... */
    public UnexpectedErrorMapper(String part) {
        this.part = part;
    }

    @Override
    protected int status(Throwable failure) {
        return 500;
    }

    @Override
    protected String message(Throwable failure, String cid) {
        LOG.error("{} - failed, cid {}", part, cid, failure);
        return part + " failed; its log has the details under cid " + cid;
    }
}
