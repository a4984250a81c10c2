package io.conduit.dashboard.proxy;

import io.conduit.common.tls.TrustedCertificates;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import io.conduit.common.cid.Cids;
import io.conduit.common.error.ErrorBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Forwards the pages' calls to a back end (the nodes' admin API through HAProxy, or the LB agent)
 * with that back end's credentials, which never reach the browser.
 */
public final class AdminProxy {

    private final HttpClient http;
    private final String name;
    private final String baseUrl;
    private final Supplier<Credentials> credentials;

    /**
     * @param name        what the back end is, for errors
     * @param baseUrl     e.g. {@code http://127.0.0.1:11223/conduit/admin}
     * @param credentials read when needed (admin1's come from the config repo); unused when every call
     *                    brings its own headers
     */
    public AdminProxy(String name, String baseUrl, Supplier<Credentials> credentials) {
        this(name, baseUrl, credentials, null);
    }

    /** @param caFile for an https base URL: the PEM file of the CA to trust (the cluster's), or null for the JVM's */
    public AdminProxy(String name, String baseUrl, Supplier<Credentials> credentials, String caFile) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caFile != null && !caFile.isBlank()) {
            client.sslContext(TrustedCertificates.trusting(caFile));
        }
        this.http = client.build();
        this.name = name;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.credentials = credentials;
    }

    /** A back end's answer. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    /**
     * @param method      the HTTP method
     * @param path        the path under the base URL, with its query string
     * @param body        the body, or null
     * @param contentType the body's type, or null
     * @return the back end's answer, or a 502 JSON error if it cannot be reached (a change made
     *     this way is recorded as the dashboard's)
     */
    public Answer forward(String method, String path, byte[] body, String contentType) {
        return forward(method, path, body, contentType, Map.of("Authorization", BasicAuth.header(credentials.get()),
                "X-Conduit-Source", "dashboard"));
    }

    /**
     * Forwards with the headers given instead of the back end's credentials (a call a user tries out
     * on a channel, with that channel's credentials).
     *
     * @param headers the headers to send, e.g. {@code Authorization} or an API key's header
     */
    public Answer forward(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(2))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type")
                    .orElse("application/json"), response.body());
        } catch (ConnectException e) {
            return error(name + " at " + baseUrl + " does not answer; is it running?");
        } catch (IOException e) {
            return error("calling " + name + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        }
    }

    private static Answer error(String message) {
        return new Answer(502, "application/json", new ErrorBody(message, Cids.next()).json());
    }
}
