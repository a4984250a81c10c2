package io.conduit.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads an OpenID Connect provider's discovery document ({@code ISSUER/.well-known/openid-configuration}). */
public final class OidcDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OidcDiscovery() {
    }

    /**
     * @param issuer the provider's issuer
     * @param fields the fields the caller needs, each a text
     * @return the document
     * @throws IllegalStateException saying what is wrong: the provider unreachable, another answer than 200, a field missing
     */
    public static JsonNode read(String issuer, String... fields) {
        String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(discovery))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode document = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
            for (String field : fields) {
                if (document == null || !document.path(field).isTextual()) {
                    throw new IllegalStateException("the identity provider's discovery document " + discovery
                            + " answered " + answer.statusCode() + " without " + String.join(" and ", fields));
                }
            }
            return document;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the identity provider cannot be reached at " + discovery + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
