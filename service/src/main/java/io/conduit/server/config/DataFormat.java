package io.conduit.server.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The format of a channel's or connection's payloads. */
public enum DataFormat {
    /** JSON, parsed for the service and written from its response */
    JSON;

    @JsonValue
    @Override
    public String toString() {
        return "json";
    }
}
