package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real OAuth2 and OpenID Connect provider on a free port: navikt's mock-oauth2-server (from Maven
 * Central), in a JVM of its own with the class path that the {@code test-oauth2-server} module
 * writes to its {@code target/classpath.txt} (its libraries would not converge with a node's). Every
 * path's first segment is an issuer: {@code /{issuer}/token} grants client credentials to any
 * client that authenticates (HTTP Basic or form), each token a new signed JWT; an issuer's tokens
 * live an hour unless {@link #issuer} says otherwise. {@code /{issuer}/authorize} logs in at once,
 * as {@link #logsInAs} says, and {@code /{issuer}/.well-known/openid-configuration} describes it all. {@link #stop()} and {@link #start()} again keep
 * the port.
 */
public final class OAuth2Server extends ExternalServer {

    private static final String MAIN = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt";

    private final Path dir;
    private final int port = FreePorts.next();
    private final Map<String, Integer> expiries = new LinkedHashMap<>();
    private final Map<String, String> clientClaims = new LinkedHashMap<>();
    private final Map<String, String> loginClaims = new LinkedHashMap<>();

    public OAuth2Server() {
        try {
            dir = Files.createTempDirectory("conduit-oauth2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return this server, with tokens of {@code issuer} living {@code seconds} (set before {@link #start()}) */
    public OAuth2Server issuer(String issuer, int seconds) {
        expiries.put(issuer, seconds);
        return this;
    }

    /**
     * @param claims more claims of the issuer's client-credentials tokens, as JSON members: {@code "groups": ["ops"]}
     * @return this server (set before {@link #start()})
     */
    public OAuth2Server clientClaims(String issuer, String claims) {
        expiries.putIfAbsent(issuer, 3600);
        clientClaims.put(issuer, claims);
        return this;
    }

    /**
     * Makes the issuer's authorization endpoint log anyone in at once (no form) as this subject: the
     * authorization-code grant's tokens carry {@code sub}, the audience {@code issuer} and the claims given.
     *
     * @param claims more claims, as JSON members: {@code "preferred_username": "ann", "groups": ["ops"]}
     * @return this server (set before {@link #start()})
     */
    public OAuth2Server logsInAs(String issuer, String subject, String claims) {
        expiries.putIfAbsent(issuer, 3600);
        loginClaims.put(issuer, "\"sub\": \"" + subject + "\"" + (claims.isEmpty() ? "" : ", " + claims));
        return this;
    }

    /** Starts it and waits until it serves. */
    public OAuth2Server start() {
        String callbacks = expiries.entrySet().stream().map(e -> {
            String issuer = e.getKey();
            String extra = clientClaims.containsKey(issuer) ? ", " + clientClaims.get(issuer) : "";
            String mappings = "{\"requestParam\": \"grant_type\", \"match\": \"client_credentials\", \"claims\":"
                    + " {\"sub\": \"${clientId}\", \"aud\": [\"" + issuer + "\"]" + extra + "}}";
            if (loginClaims.containsKey(issuer)) {
                mappings += ", {\"requestParam\": \"grant_type\", \"match\": \"authorization_code\", \"claims\": {"
                        + loginClaims.get(issuer) + ", \"aud\": [\"" + issuer + "\"]}}";
            }
            return "{\"issuerId\": \"" + issuer + "\", \"tokenExpiry\": " + e.getValue() + ", \"requestMappings\": ["
                    + mappings + "]}";
        }).collect(Collectors.joining(", "));
        process = ExternalProcess.start("mock-oauth2-server :" + port, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", classPath(), MAIN), dir, dir.resolve("oauth2.out"),
                Map.of("SERVER_HOSTNAME", "127.0.0.1", "SERVER_PORT", String.valueOf(port),
                        "JSON_CONFIG", "{\"tokenCallbacks\": [" + callbacks + "]}"))
                .awaitReady(() -> FreePorts.listening(port), Duration.ofSeconds(60));
        return this;
    }

    /** @return {@code http://127.0.0.1:port/{issuer}/token} */
    public String tokenUrl(String issuer) {
        return "http://127.0.0.1:" + port + "/" + issuer + "/token";
    }

    /** @return {@code http://127.0.0.1:port/{issuer}}, the issuer's id in its tokens */
    public String issuerUrl(String issuer) {
        return "http://127.0.0.1:" + port + "/" + issuer;
    }

    private static String classPath() {
        return ExternalProcess.moduleClassPath("test-oauth2-server", "conduit.oauth2.classpath", "mock-oauth2-server");
    }
}
