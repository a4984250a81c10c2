package io.conduit.testing;

import io.conduit.api.IncomingFile;
import io.conduit.api.IncomingMail;
import io.conduit.api.Mail;
import io.conduit.api.Principal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a channel would hand it to a service: a body, headers, query and path parameters,
 * and the caller its security established.
 *
 * <pre>{@code
 * harness.call("rest.get-customer", TestRequest.of(null).pathParam("id", "42").header("Accept-Language", "fr"));
 * harness.call("billing.import", TestRequest.file("/upload/orders.csv", "id,amount\n1,20\n"));
 * }</pre>
 */
public final class TestRequest {

    private final Object body;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private Principal principal;
    private IncomingFile file;
    private IncomingMail mail;

    private TestRequest(Object body) {
        this.body = body;
    }

    /**
     * @param body a {@code Map}, {@code JsonNode} or object (sent as JSON), a String (sent as it is, and
     *             parsed as a channel parses a body: invalid JSON is answered 400), or null (no body)
     */
    public static TestRequest of(Object body) {
        return new TestRequest(body);
    }

    /** Adds a header (names are given to services in lower case, as a channel gives them). */
    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Adds a query-string parameter. */
    public TestRequest query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets the value of a {@code {name}} segment of the channel's path. */
    public TestRequest pathParam(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    /** Makes the call as a caller a channel's security definition let in. */
    public TestRequest principal(Principal caller) {
        this.principal = caller;
        return this;
    }

    Object body() {
        return body;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    Map<String, List<String>> query() {
        return query;
    }

    Map<String, String> pathParams() {
        return pathParams;
    }

    Principal principal() {
        return principal;
    }

    IncomingFile file() {
        return file;
    }

    IncomingMail mail() {
        return mail;
    }

    /**
     * The request an IMAP channel makes of a mail: its summary as the payload ({@code from},
     * {@code to}, {@code subject}, {@code text}, the attachments' names, types and sizes), the
     * {@code mail-*} headers, and {@code request().mail()} with the attachments.
     */
    public static TestRequest mail(String from, String subject, String text, Mail.Attachment... attachments) {
        String messageId = "<" + Math.abs((from + subject).hashCode()) + "@conduit.test>";
        List<Mail.Attachment> files = List.of(attachments);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("messageId", messageId);
        summary.put("from", from);
        summary.put("to", List.of());
        summary.put("subject", subject);
        summary.put("sent", FakeClock.START.toString());
        summary.put("text", text);
        summary.put("html", null);
        summary.put("attachments", files.stream().map(a -> Map.of("name", a.name(), "contentType", a.contentType(),
                "size", a.content().length)).toList());
        TestRequest request = new TestRequest(summary);
        request.mail = new IncomingMail() {
            @Override
            public String messageId() {
                return messageId;
            }

            @Override
            public String from() {
                return from;
            }

            @Override
            public List<String> to() {
                return List.of();
            }

            @Override
            public String subject() {
                return subject;
            }

            @Override
            public Instant sent() {
                return FakeClock.START;
            }

            @Override
            public String text() {
                return text;
            }

            @Override
            public String html() {
                return null;
            }

            @Override
            public List<Mail.Attachment> attachments() {
                return files;
            }
        };
        request.header("mail-from", from).header("mail-subject", subject).header("mail-message-id", messageId);
        return request;
    }

    /**
     * The request a file channel makes of a file: its content the payload (parsed as JSON when it is
     * JSON, else text), the headers {@code file-name}, {@code file-path}, {@code file-size} and
     * {@code file-modified}, and {@code request().file()} to read it as a stream.
     *
     * @param path    where the file lay, e.g. {@code /upload/orders.csv}
     * @param content its content, as UTF-8 text
     */
    public static TestRequest file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String name = path.substring(path.lastIndexOf('/') + 1);
        Instant modified = FakeClock.START;
        TestRequest request = new TestRequest(content);
        request.file = new IncomingFile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public Instant modified() {
                return modified;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
        request.header("file-name", name).header("file-path", path).header("file-size", String.valueOf(bytes.length))
                .header("file-modified", modified.toString());
        return request;
    }
}
