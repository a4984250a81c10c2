package io.conduit.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The request a service handles: its JSON payload, already parsed, and, when it came through an
 * HTTP channel, the HTTP headers, the path's and the query's parameters, and who called.
 *
 * <p>Read the payload in whichever form suits the service: {@link #payload()} as a Jackson tree,
 * {@link #payloadAsMap()} as plain maps and lists, or {@link #payloadAs(Class)} bound to a class.
 */
public final class Request {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JsonNode payload;
    private final Supplier<String> rawSource;
    private final Supplier<Map<String, List<String>>> headerSource;
    // made from the sources when first asked for; immutable, so a second thread that makes them again is harmless
    private String rawPayload;
    private Map<String, List<String>> headers;
    private final Map<String, List<String>> queryParams;
    private final Map<String, String> pathParams;
    private final Principal principal;
    private final IncomingFile file;
    private final IncomingMail mail;
    private final ObjectMapper mapper;

    /**
     * A request without path parameters or caller, as a service invoked directly gets.
     *
     * @param payload     the parsed payload ({@code NullNode} when the request had no body)
     * @param rawPayload  the body as received ({@code ""} when none)
     * @param headers     HTTP headers, names in lower case (empty when invoked directly)
     * @param queryParams query-string parameters (empty when invoked directly)
     * @param mapper      the mapper used to convert the payload
     */
    public Request(JsonNode payload, String rawPayload, Map<String, List<String>> headers,
                   Map<String, List<String>> queryParams, ObjectMapper mapper) {
        this(payload, rawPayload, headers, queryParams, Map.of(), null, mapper);
    }

    /**
     * Made by the server.
     *
     * @param payload     the parsed payload ({@code NullNode} when the request had no body)
     * @param rawPayload  the body as received ({@code ""} when none)
     * @param headers     HTTP headers, names in lower case (empty when invoked directly)
     * @param queryParams query-string parameters (empty when invoked directly)
     * @param pathParams  the values of the channel's {@code {name}} path segments, decoded
     * @param principal   the caller the channel's security established, or {@code null}
     * @param mapper      the mapper used to convert the payload
     */
    public Request(JsonNode payload, String rawPayload, Map<String, List<String>> headers,
                   Map<String, List<String>> queryParams, Map<String, String> pathParams, Principal principal,
                   ObjectMapper mapper) {
        this.payload = payload;
        this.rawPayload = rawPayload;
        this.rawSource = null;
        this.headers = Map.copyOf(headers);
        this.headerSource = null;
        this.queryParams = Map.copyOf(queryParams);
        this.pathParams = Map.copyOf(pathParams);
        this.principal = principal;
        this.file = null;
        this.mail = null;
        this.mapper = mapper;
    }

    /**
     * Made by the server for a consumed message, whose text and headers most services never read:
     * they are made when first asked for.
     *
     * @param payload    the parsed payload ({@code NullNode} when the message had no body)
     * @param rawPayload makes the body as received ({@code ""} when none)
     * @param headers    makes the message's headers, names in lower case
     * @param mapper     the mapper used to convert the payload
     */
    public Request(JsonNode payload, Supplier<String> rawPayload, Supplier<Map<String, List<String>>> headers,
                   ObjectMapper mapper) {
        this(payload, rawPayload, headers, null, mapper);
    }

    /**
     * Made by the server for a file a file channel hands a service.
     *
     * @param payload    the content, parsed, when the file is small; else {@code NullNode}
     * @param rawPayload makes the content as text ({@code ""} when the file is large)
     * @param headers    makes the file's headers ({@code file-name}, {@code file-path}, {@code file-size}...)
     * @param file       the file, its content readable as a stream
     * @param mapper     the mapper used to convert the payload
     */
    public Request(JsonNode payload, Supplier<String> rawPayload, Supplier<Map<String, List<String>>> headers,
                   IncomingFile file, ObjectMapper mapper) {
        this.payload = payload;
        this.rawSource = rawPayload;
        this.headerSource = headers;
        this.queryParams = Map.of();
        this.pathParams = Map.of();
        this.principal = null;
        this.file = file;
        this.mail = null;
        this.mapper = mapper;
    }

    /**
     * Made by the server for a mail an IMAP channel hands a service.
     *
     * @param payload the mail's summary: from, to, subject, text, the attachments' names and sizes
     * @param headers makes the mail's headers ({@code mail-from}, {@code mail-subject}, {@code mail-message-id})
     * @param mail    the mail, with its attachments
     * @param mapper  the mapper used to convert the payload
     */
    public Request(JsonNode payload, Supplier<Map<String, List<String>>> headers, IncomingMail mail,
                   ObjectMapper mapper) {
        this.payload = payload;
        this.rawSource = payload::toString;
        this.headerSource = headers;
        this.queryParams = Map.of();
        this.pathParams = Map.of();
        this.principal = null;
        this.file = null;
        this.mail = mail;
        this.mapper = mapper;
    }

    /** @return the payload as a JSON tree; {@code NullNode} when there was no body */
    public JsonNode payload() {
        return payload;
    }

    /**
     * @return the payload as a map of plain Java values (strings, numbers, booleans, lists, maps)
     * @throws ServiceException if the payload is not a JSON object
     */
    public Map<String, Object> payloadAsMap() {
        if (payload.isNull() || payload.isMissingNode()) {
            return Map.of();
        }
        if (!payload.isObject()) {
            throw new ServiceException("the request payload is a JSON " + payload.getNodeType().name().toLowerCase()
                    + ", not an object");
        }
        return mapper.convertValue(payload, MAP);
    }

    /**
     * @param type the class to bind the payload to (Jackson rules)
     * @param <T>  the type
     * @return the payload bound to {@code type}
     * @throws ServiceException if the payload does not fit the class
     */
    public <T> T payloadAs(Class<T> type) {
        try {
            return mapper.treeToValue(payload, type);
        } catch (Exception e) {
            throw new ServiceException("the request payload does not fit " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the request body exactly as received; {@code ""} when there was none */
    public String rawPayload() {
        String raw = rawPayload;
        if (raw == null && rawSource != null) {
            raw = rawSource.get();
            rawPayload = raw;
        }
        return raw;
    }

    /**
     * @param name a header name, in any case
     * @return the header's first value, or {@code null}
     */
    public String header(String name) {
        List<String> values = headers().get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return all HTTP headers, names in lower case */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> all = headers;
        if (all == null) {
            all = Map.copyOf(headerSource.get());
            headers = all;
        }
        return all;
    }

    /**
     * @param name a query-string parameter
     * @return its first value, or {@code null}
     */
    public String queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return all query-string parameters */
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    /**
     * @param name a {@code {name}} segment of the channel's path, e.g. {@code id} in {@code /customers/{id}}
     * @return its value in this request, percent-decoded, or {@code null}
     */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** @return every path parameter by name; empty when the channel's path has none */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    /** @return who called, as the channel's security definition established it; {@code null} without one */
    public Principal principal() {
        return principal;
    }

    /** @return the mail an IMAP channel handed the service; {@code null} for any other call */
    public IncomingMail mail() {
        return mail;
    }

    /** @return the file a file channel handed the service; {@code null} for any other call */
    public IncomingFile file() {
        return file;
    }
}
