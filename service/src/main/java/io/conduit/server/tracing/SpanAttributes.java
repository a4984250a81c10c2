package io.conduit.server.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attributes Conduit sets: OpenTelemetry's semantic conventions (HTTP, database, messaging,
 * server) and Conduit's own ({@code conduit.*}).
 */
public final class SpanAttributes {

    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_QUERY = AttributeKey.stringKey("db.query.text");
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The service a span ran. */
    public static final AttributeKey<String> SERVICE = AttributeKey.stringKey("conduit.service");
    /** The channel that served a call. */
    public static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("conduit.channel");
    /** The outgoing connection a call went through. */
    public static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("conduit.connection");
    /** Which attempt of a durable asynchronous invocation a span is. */
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("conduit.attempt");

    private SpanAttributes() {
    }
}
