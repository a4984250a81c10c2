package io.conduit.server.invoke;

import io.conduit.api.ServiceException;

/** Invoking a service that is not deployed on this node. */
public class UnknownServiceException extends ServiceException {

    private static final long serialVersionUID = 1L;

    private final String service;

    public UnknownServiceException(String service) {
        super("service '" + service + "' is not deployed");
        this.service = service;
    }

    /** @return the name asked for */
    public String service() {
        return service;
    }
}
