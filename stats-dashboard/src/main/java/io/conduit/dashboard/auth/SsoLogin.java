package io.conduit.dashboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.auth.Credentials;
import io.conduit.common.auth.OidcDiscovery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in through the cluster's OpenID Connect provider: the authorization-code flow with PKCE
 * (S256), a state bound to the browser by a cookie, the code exchanged for tokens over the back
 * channel. The access token is then shown to the nodes ({@code /conduit/admin/whoami} with it as a
 * bearer token): they check it and say which user it is, with what roles; the session calls the admin
 * API with it until it expires. Paths: {@code GET /api/sso} (whether it is on), {@code /api/sso/login},
 * {@code /api/sso/callback}.
 */
@Path("/sso")
@Produces(MediaType.APPLICATION_JSON)
public final class SsoLogin {

    static final String STATE_COOKIE = "conduit_sso_state";
    private static final Logger LOG = LoggerFactory.getLogger(SsoLogin.class);
    private static final Duration PENDING = Duration.ofMinutes(10);
    private static final int MOST_PENDING = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String verifier, String redirect, Instant until) {
    }

    private record Endpoints(String authorization, String token) {
    }

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final String redirectUrl;
    private final SessionStore sessions;
    private final NodeUsers users;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Endpoints endpoints;

    SsoLogin(String issuer, String clientId, String clientSecret, String scope, String redirectUrl, SessionStore sessions,
             NodeUsers users) {
        this.issuer = issuer.replaceAll("/+$", "");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.redirectUrl = redirectUrl;
        this.sessions = sessions;
        this.users = users;
    }

    /** @return that single sign-on is on, and with which provider (the login page offers it then) */
    @GET
    public Map<String, Object> describe() {
        return Map.of("enabled", true, "issuer", issuer);
    }

    @GET
    @Path("login")
    public Response login(@Context HttpServletRequest request) {
        Endpoints at;
        try {
            at = endpoints();
        } catch (IllegalStateException e) {
            return toLoginPage(e.getMessage());
        }
        pending.values().removeIf(p -> p.until().isBefore(clock.instant()));
        if (pending.size() >= MOST_PENDING) {
            return toLoginPage("too many logins under way; try again in a few minutes");
        }
        String state = random();
        String verifier = random();
        String redirect = redirectUrl != null ? redirectUrl : ownUrl(request) + "/api/sso/callback";
        pending.put(state, new Pending(verifier, redirect, clock.instant().plus(PENDING)));
        String query = Map.of("response_type", "code", "client_id", clientId, "redirect_uri", redirect, "scope", scope,
                "state", state, "nonce", random(), "code_challenge", challenge(verifier), "code_challenge_method", "S256")
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .sorted().collect(Collectors.joining("&"));
        return Response.seeOther(URI.create(at.authorization() + (at.authorization().contains("?") ? "&" : "?") + query))
                .cookie(new NewCookie.Builder(STATE_COOKIE).value(state).path("/api/sso").maxAge((int) PENDING.toSeconds())
                        .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build()).build();
    }

    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error, @QueryParam("error_description") String description,
                             @Context HttpServletRequest request) {
        if (error != null) {
            return toLoginPage("the identity provider refused: " + error + (description == null ? "" : " (" + description + ")"));
        }
        Pending started = state == null ? null : pending.remove(state);
        if (started == null || started.until().isBefore(clock.instant()) || !state.equals(cookie(request))) {
            return toLoginPage("this login was not started here, or took over 10 minutes; log in again");
        }
        if (code == null || code.isBlank()) {
            return toLoginPage("the identity provider sent no code");
        }
        JsonNode tokens;
        try {
            tokens = exchange(code, started);
        } catch (IllegalStateException e) {
            return toLoginPage(e.getMessage());
        }
        String accessToken = tokens.path("access_token").asText("");
        Optional<Access> access;
        try {
            access = users.checkBearer(accessToken);
        } catch (NodeUsers.UnavailableException e) {
            return toLoginPage(e.getMessage());
        }
        if (access.isEmpty()) {
            LOG.warn("Dashboard - the nodes refused a single sign-on token from {}", issuer);
            return toLoginPage("you logged in at the identity provider, but no user of the cluster is you (by subject"
                    + " or group); an admin can make one with your oidcSubject");
        }
        Duration life = Duration.ofSeconds(tokens.path("expires_in").asLong(3600));
        Session session = sessions.open(access.get(), life);
        LOG.info("Dashboard - {} logged in through single sign-on", session.user());
        return Response.seeOther(URI.create("/#/stats"))
                .cookie(SessionResource.cookie(session.id(), (int) Math.min(life.toSeconds(), sessions.timeout().toSeconds())),
                        new NewCookie.Builder(STATE_COOKIE).value("").path("/api/sso").maxAge(0).build()).build();
    }

    private JsonNode exchange(String code, Pending started) {
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(started.redirect(), StandardCharsets.UTF_8)
                + "&code_verifier=" + started.verifier() + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(endpoints().token())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (clientSecret != null) {
            post.header("Authorization", BasicAuth.header(new Credentials(
                    URLEncoder.encode(clientId, StandardCharsets.UTF_8), URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))));
        }
        try {
            HttpResponse<String> answer = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 || !body.path("access_token").isTextual()) {
                throw new IllegalStateException("the identity provider did not give a token for the code ("
                        + answer.statusCode() + " " + body.path("error").asText("") + ")");
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("the identity provider cannot be reached at " + issuer + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** @return the provider's endpoints, from its discovery document (read once, again after a failure) */
    private Endpoints endpoints() {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        JsonNode document = OidcDiscovery.read(issuer, "authorization_endpoint", "token_endpoint");
        known = new Endpoints(document.path("authorization_endpoint").asText(), document.path("token_endpoint").asText());
        endpoints = known;
        return known;
    }

    /** @return a redirect to the login page, which shows the message */
    private static Response toLoginPage(String message) {
        return Response.seeOther(URI.create("/?sso_error=" + URLEncoder.encode(message, StandardCharsets.UTF_8) + "#/login"))
                .build();
    }

    private static String cookie(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (jakarta.servlet.http.Cookie c : request.getCookies()) {
                if (STATE_COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** @return how the browser reached the dashboard: {@code http://host:port} */
    private static String ownUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return request.getScheme() + "://" + (host != null ? host : request.getServerName() + ":" + request.getServerPort());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
