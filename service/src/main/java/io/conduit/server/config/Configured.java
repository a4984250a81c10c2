package io.conduit.server.config;

/** An object of a configured {@link Kind}: known by its unique name within the kind. */
public interface Configured {

    /** @return the object's name, unique within its kind */
    String name();
}
