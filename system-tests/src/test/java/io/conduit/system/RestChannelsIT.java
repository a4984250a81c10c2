package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST front door through HAProxy on two nodes, set up by {@code examples/rest/setup} as a user
 * would: path templates and methods, the conflict refusal, typed services' validation, the OpenAPI
 * document (checked by swagger-parser), JWT bearer tokens (HS256, and RS256 from a JWKS this test
 * serves, rotated), and a rate limit held across both nodes.
 */
class RestChannelsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Cluster cluster;
    private static HttpServer jwks;
    private static final AtomicReference<JWKSet> PUBLISHED = new AtomicReference<>();
    /** The example's HS256 secret, made for this run as a user makes theirs (48 random bytes, base64). */
    private static final String SECRET = java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(48));

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.quickstart(2);
        Cluster.Result setup = cluster.apply("examples/rest/config", Map.of("REST_JWT_SECRET", SECRET));
        assertThat(setup.exit()).as(setup.output()).isZero();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            byte[] body = PUBLISHED.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        if (jwks != null) {
            jwks.stop(0);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void requestsAreRoutedByPathTemplateAndMethod() throws Exception {
        String token = "Bearer " + exampleToken("alice");
        Answer put = call("PUT", "/customers/42", "{\"name\": \"Acme\", \"email\": \"ops@acme.example\"}",
                "Authorization", token);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("tier").asText()).isEqualTo("standard");

        Answer get = call("GET", "/customers/42/", null);
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(get.json().path("name").asText()).isEqualTo("Acme");
        assertThat(call("GET", "/customers/43", null).json().path("error").asText()).isEqualTo(
                "no customer 43; PUT /customers/43 first");

        Answer payments = call("GET", "/customers/42/payments?since=2026-06-01&limit=2", null, "Authorization", token);
        assertThat(payments.status()).as(payments.body()).isEqualTo(200);
        assertThat(payments.json().path("requestedBy").asText()).as("the token's subject").isEqualTo("alice");
        assertThat(payments.json().path("payments")).hasSize(2);

        Answer delete = call("DELETE", "/customers/42", null);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("GET, PUT");
        assertThat(call("GET", "/customers/42/orders", null).status()).isEqualTo(404);
    }

    @Test
    void aChannelThatWouldMatchTheSameRequestsIsRefusedNamingBoth() {
        Cluster.Reply clash = cluster.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"customer-lookup\", \"urlPath\": \"/customers/{key}\", \"method\": \"GET\","
                        + " \"service\": \"rest.get-customer\"}");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().path("error").asText()).contains("'customer-lookup'", "'customer-get'");
        Cluster.Reply otherMethod = cluster.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"customer-delete\", \"urlPath\": \"/customers/{key}\", \"method\": \"DELETE\","
                        + " \"service\": \"rest.get-customer\"}");
        assertThat(otherMethod.status()).as(otherMethod.body()).isEqualTo(201);
        assertThat(cluster.admin("DELETE", "/conduit/admin/channels/http/customer-delete", null).status())
                .isEqualTo(204);
    }

    @Test
    void aTypedServicesInputIsValidatedFieldByField() throws Exception {
        Answer bad = call("PUT", "/customers/4x", "{\"name\": \"\", \"email\": \"nope\", \"tier\": \"platinum\"}",
                "Authorization", "Bearer " + exampleToken("alice"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).isEqualTo("4 fields are not valid");
        assertThat(bad.json().path("cid").asText()).isNotEmpty();
        List<String> fields = new ArrayList<>();
        bad.json().path("fields").forEach(f -> fields.add(f.path("field").asText() + ": " + f.path("message").asText()));
        assertThat(fields).containsExactly("email: must be a well-formed email address", "id: must be 1 to 12 digits",
                "name: must not be blank", "tier: must be standard or gold");

        Answer notANumber = call("GET", "/customers/1/payments?limit=ten", null, "Authorization",
                "Bearer " + exampleToken("alice"));
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().path("fields").get(0).path("field").asText()).isEqualTo("limit");
    }

    @Test
    void theOpenApiDocumentDescribesEveryChannelAndValidates() {
        assertThat(Cluster.http("GET", cluster.frontend() + "/conduit/openapi.json", null, null, null, null).status())
                .as("admin credentials needed").isEqualTo(401);
        Cluster.Reply doc = cluster.admin("GET", "/conduit/openapi.json", null);
        assertThat(doc.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's complaints").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        var customer = parsed.getOpenAPI().getPaths().get("/customers/{id}");
        assertThat(customer.getGet()).isNotNull();
        assertThat(customer.getPut().getSecurity().get(0)).containsKey("customers-jwt");
        assertThat(customer.getGet().getParameters().get(0).getIn()).isEqualTo("path");
        var payments = parsed.getOpenAPI().getPaths().get("/customers/{id}/payments").getGet();
        assertThat(payments.getParameters()).extracting(p -> p.getIn() + " " + p.getName())
                .contains("path id", "query since", "query limit");
        assertThat(payments.getResponses()).containsKeys("200", "400", "401", "403", "429");
        io.swagger.v3.oas.models.media.Schema<?> update = parsed.getOpenAPI().getComponents().getSchemas()
                .get("CustomerUpdate");
        assertThat(update.getRequired()).contains("name", "email");
        io.swagger.v3.oas.models.media.Schema<?> email = update.getProperties().get("email");
        assertThat(email.getFormat()).isEqualTo("email");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes().get("customers-jwt").getScheme())
                .isEqualTo("bearer");
        assertThat(cluster.admin("GET", "/conduit/openapi.yaml", null).body()).startsWith("openapi: 3.1.0");
    }

    @Test
    void hs256TokensAreAcceptedAndRefusedForEachReason() throws Exception {
        String path = "/customers/1/payments";
        assertThat(call("GET", path, null).status()).as("no token").isEqualTo(401);
        assertThat(call("GET", path, null, "Authorization", "Bearer " + exampleToken("bob")).status())
                .isEqualTo(200);
        MACSigner secret = new MACSigner(SECRET);
        long now = System.currentTimeMillis();
        Answer expired = call("GET", path, null, "Authorization", "Bearer " + sign(secret, null,
                claims("https://issuer.example", "customers").expirationTime(new Date(now - 120_000)).build()));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("error").asText()).contains("Expired");
        assertThat(call("GET", path, null, "Authorization", "Bearer " + sign(new MACSigner(
                "some-other-secret-of-thirty-two-bytes-and-more"), null, claims("https://issuer.example", "customers")
                .build())).status()).as("badly signed").isEqualTo(401);
        assertThat(call("GET", path, null, "Authorization", "Bearer " + sign(secret, null,
                claims("https://issuer.example", "billing").build())).status()).as("wrong audience").isEqualTo(403);
        assertThat(call("GET", path, null, "Authorization", "Bearer " + sign(secret, null,
                claims("https://elsewhere.example", "customers").build())).status()).as("wrong issuer").isEqualTo(403);
    }

    @Test
    void rs256TokensAreCheckedWithKeysFromTheJwksUrlAndARotationIsFollowed() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("first").generate();
        PUBLISHED.set(new JWKSet(first.toPublicJWK()));
        String jwksUrl = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
        Cluster.Reply definition = cluster.admin("POST", "/conduit/admin/security", "{\"name\": \"partners\","
                + " \"type\": \"jwt\", \"issuer\": \"https://idp.example\", \"audience\": \"partners\", \"jwksUrl\": \""
                + jwksUrl + "\"}");
        assertThat(definition.status()).as(definition.body()).isEqualTo(201);
        assertThat(definition.body()).contains(jwksUrl);
        cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"partner-payments\", \"urlPath\":"
                + " \"/partners/{id}/payments\", \"method\": \"GET\", \"service\": \"rest.get-payments\","
                + " \"security\": \"partners\"}");
        String path = "/partners/7/payments";
        String good = "Bearer " + sign(new RSASSASigner(first), "first", claims("https://idp.example", "partners").build());
        awaitStatus(path, good, 200);
        Answer answer = call("GET", path, null, "Authorization", good);
        assertThat(answer.json().path("requestedBy").asText()).isEqualTo("alice");

        RSAKey second = new RSAKeyGenerator(2048).keyID("second").generate();
        PUBLISHED.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
        awaitStatus(path, "Bearer " + sign(new RSASSASigner(second), "second",
                claims("https://idp.example", "partners").build()), 200);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("first").generate();
        assertThat(call("GET", path, null, "Authorization", "Bearer " + sign(new RSASSASigner(stranger), "first",
                claims("https://idp.example", "partners").build())).status()).as("a key the JWKS does not hold")
                .isEqualTo(401);
    }

    @Test
    void aRateLimitHoldsAcrossBothNodes() throws Exception {
        int limit = 40;
        Cluster.Reply created = cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"limited\","
                + " \"urlPath\": \"/limited/{id}/payments\", \"method\": \"GET\", \"service\": \"rest.get-payments\","
                + " \"rateLimit\": {\"requests\": " + limit + ", \"per\": \"1h\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // the first call and the burst must fall in one hour's window: not in an hour's last 40 seconds
        while (LocalTime.now().getMinute() == 59 && LocalTime.now().getSecond() > 20) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        awaitStatus("/limited/1/payments", null, 200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            calls.add(pool.submit(() -> call("GET", "/limited/1/payments", null)));
        }
        int ok = 0;
        Answer refused = null;
        for (Future<Answer> f : calls) {
            Answer a = f.get();
            if (a.status() == 200) {
                ok++;
            } else {
                assertThat(a.status()).as(a.body()).isEqualTo(429);
                refused = a;
            }
        }
        pool.shutdown();
        // awaitStatus's call counted too: the limit less one let through, within 5% plus one per node
        assertThat(ok).as("let through in one window, across 2 nodes").isBetween(limit - 1 - 2, limit - 1 + 2);
        assertThat(refused).isNotNull();
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 3600);
        assertThat(refused.json().path("error").asText()).contains("rate limit of 40 requests per 1h");
    }

    // ---- helpers

    private record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return new Cluster.Reply(status, body).json();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static Answer call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.frontend() + path))
                .timeout(Duration.ofSeconds(20)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    /** Polls until the channel (configured on every node by now or soon) answers the status. */
    private static void awaitStatus(String path, String authorization, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer last;
        do {
            last = authorization == null ? call("GET", path, null) : call("GET", path, null, "Authorization", authorization);
            if (last.status() == status) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " answered " + last.status() + " " + last.body() + ", not " + status);
    }

    /** A token from the example's own script, as docs/SERVICES.md shows. */
    private static String exampleToken(String subject) {
        Cluster.Result token = Cluster.run(List.of("bash", "examples/rest/token", subject),
                Map.of("REST_JWT_SECRET", SECRET));
        assertThat(token.exit()).as(token.output()).isZero();
        return token.output().strip();
    }

    private static JWTClaimsSet.Builder claims(String issuer, String audience) {
        return new JWTClaimsSet.Builder().subject("alice").issuer(issuer).audience(audience)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000));
    }

    private static String sign(JWSSigner signer, String keyId, JWTClaimsSet claims) throws Exception {
        JWSAlgorithm alg = signer instanceof MACSigner ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
