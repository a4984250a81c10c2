package io.conduit.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.ConduitApplication;
import io.conduit.server.ConduitConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One real server node (the whole Dropwizard app) on free ports, with HTTP helpers. */
public final class TestNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path dir;
    private final String password;
    private final DropwizardTestSupport<ConduitConfiguration> app;
    private boolean stopped;

    private TestNode(String name, Path dir, String password, DropwizardTestSupport<ConduitConfiguration> app) {
        this.name = name;
        this.dir = dir;
        this.password = password;
        this.app = app;
    }

    static TestNode start(String name, Path dir, String odbUrl, String odbUser, String password,
                          Map<String, String> overrides) {
        // Each app of the JVM reads its overrides from system properties of its own prefix.
        String prefix = "conduit-" + name;
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config(prefix, "node.name", name),
                ConfigOverride.config(prefix, "odb.url", odbUrl),
                ConfigOverride.config(prefix, "odb.user", odbUser),
                ConfigOverride.config(prefix, "admin.password", password),
                ConfigOverride.config(prefix, "pickup.dir", dir.resolve("pickup-dir").toString())));
        overrides.forEach((k, v) -> all.add(ConfigOverride.config(prefix, k, v)));
        DropwizardTestSupport<ConduitConfiguration> app = new DropwizardTestSupport<>(ConduitApplication.class,
                ResourceHelpers.resourceFilePath("test-node.yml"), prefix, all.toArray(ConfigOverride[]::new));
        try {
            app.before();
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start", e);
        }
        return new TestNode(name, dir, password, app);
    }

    public String name() {
        return name;
    }

    public int port() {
        return app.getLocalPort();
    }

    public int adminPort() {
        return app.getAdminPort();
    }

    public Path pickupDir() {
        return dir.resolve("pickup-dir");
    }

    /** @return the running application's configuration */
    public ConduitConfiguration configuration() {
        return app.getConfiguration();
    }

    /** Stops the node (idempotent). */
    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            app.after();
        }
    }

    /** A call on a channel: no credentials unless given as headers. */
    public Reply call(String method, String path, String body, String... headers) {
        return send(method, "http://127.0.0.1:" + port() + path, body, headers);
    }

    /** An admin API call with the admin credentials. */
    public Reply admin(String method, String path, String body) {
        return call(method, path, body, "Authorization", basic("admin", password), "Content-Type", "application/json");
    }

    /** An admin API call with more headers (name, value, ...), as through HAProxy. */
    public Reply admin(String method, String path, String body, String... headers) {
        String[] all = java.util.Arrays.copyOf(new String[] {"Authorization", basic("admin", password), "Content-Type",
                "application/json"}, 4 + headers.length);
        System.arraycopy(headers, 0, all, 4, headers.length);
        return call(method, path, body, all);
    }

    /** An admin API call with other credentials. */
    public Reply adminAs(String user, String pass, String method, String path) {
        return call(method, path, null, "Authorization", basic(user, pass));
    }

    public static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET of any URL. */
    public static Reply get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    static Reply send(String method, String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP response. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {

        /** @return the body as JSON */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** @return a header's first value, or null */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }
}
