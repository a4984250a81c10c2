package io.conduit.cli;

import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a node's admin API as one user: the cluster's admin, or the user of {@code --credentials}. */
final class AdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;
    private final String user;

    AdminClient(String baseUrl, Credentials credentials) {
        this.baseUrl = baseUrl;
        this.authorization = BasicAuth.header(credentials);
        this.user = credentials.username();
    }

    /** An HTTP answer. */
    record Answer(int status, String body) {
    }

    Answer post(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** @return the answer's JSON when it is a success; else a failure with the server's error */
    JsonNode json(Answer answer) {
        JsonNode json = DeployCommand.parse(answer.body());
        if (answer.status() >= 300) {
            throw new CliException(json.path("error").asText(answer.body()) + " (HTTP " + answer.status() + ")");
        }
        return json;
    }

    /** @return the base URL, for messages */
    String baseUrl() {
        return baseUrl;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", authorization)
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new CliException("the node at " + baseUrl + " refused the credentials of '" + user + "'");
            }
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new CliException("no node answers at " + baseUrl + "; is the cluster running? (bin/conduit status DIR)");
        } catch (IOException e) {
            throw new CliException("calling " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
