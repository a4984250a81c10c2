package io.conduit.server.config;

/** An HTTP method a channel accepts or a connection sends. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
}
