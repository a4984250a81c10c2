package io.conduit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A cluster {@code bin/conduit quickstart} made for a benchmark (its run script starts and stops it):
 * its nodes' addresses and the admin API with the cluster's own credentials.
 */
public final class QuickstartCluster {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final String authorization;
    private final List<String> nodes = new ArrayList<>();

    /**
     * @param dir     the cluster's directory
     * @param servers how many servers quickstart made
     */
    public QuickstartCluster(Path dir, int servers) throws IOException {
        this.dir = dir;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(Files.readString(
                dir.resolve("admin.credentials")).strip().getBytes(StandardCharsets.UTF_8));
        int offset = Integer.parseInt(Files.readAllLines(dir.resolve("cluster.properties")).stream()
                .filter(l -> l.startsWith("portOffset=")).findFirst().orElse("portOffset=0").substring(11));
        for (int n = 0; n < servers; n++) {
            nodes.add("http://127.0.0.1:" + (17010 + offset + n));
        }
    }

    /** @return the cluster's directory */
    public Path dir() {
        return dir;
    }

    /** @return each node's own address (no HAProxy between) */
    public List<String> nodes() {
        return nodes;
    }

    /** @return the admin API's answer to a GET on the first node */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(text(path));
    }

    /** @return the body of a GET on the first node with the admin credentials (200, or it throws), as text */
    public String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0) + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A DELETE on the first node (2xx, or it throws). */
    public void delete(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0) + path))
                .header("Authorization", authorization).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** @return the admin API's answer to a POST on the first node (2xx, or it throws) */
    public JsonNode post(String path, String body, String type) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0) + path))
                .header("Authorization", authorization).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }

    /** @return a channel's answer to a POST of {@code {}} on a node: status and body */
    public static HttpResponse<String> call(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
