package io.conduit.server.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.redis.Redis;
import io.conduit.server.secrets.SecretBox;
import io.conduit.server.secrets.SecretUnreadableException;
import io.conduit.server.security.SecurityDefinition.OAuth2Client;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The bearer tokens of OAuth2 client-credentials definitions, one per expiry for the whole cluster:
 * the first node that needs a token takes a lock in Redis, asks the provider, and leaves the token
 * sealed with the cluster's key in Redis (until it expires) for the other nodes, which wait for it
 * rather than ask too. Each node keeps the token in memory until it is due for renewal (a fifth of
 * its life before it expires, at most a minute): a call never touches Redis while its token is good.
 * A token due for renewal is renewed by one caller of one node while the others go on with it.
 */
public final class OAuth2Tokens implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Tokens.class);
    private static final String KEY = "conduit:oauth2:token:";
    private static final long DEFAULT_LIFE_SECONDS = 300;
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
            + " else return 0 end";

    /** A token could not be had: the message names the definition and says why, never the secret. */
    public static final class TokenException extends RuntimeException {
        TokenException(String message) {
            super(message);
        }
    }

    /**
     * A token and when it is due for renewal and expires (epoch ms), for the version of the definition
     * it was fetched with (its fingerprint; and the definition itself once a node holds it).
     */
    private record Token(String value, long renewAt, long expiresAt, String fingerprint, OAuth2Client definition) {
        Token heldFor(OAuth2Client d) {
            return new Token(value, renewAt, expiresAt, fingerprint, d);
        }

        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    private final Redis redis;
    private final SecretBox box;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().disableRedirectHandling()
            .disableCookieManagement().setUserAgent("Conduit").build();
    private final Map<String, Token> held = new ConcurrentHashMap<>();

    public OAuth2Tokens(Redis redis, SecretBox box, ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.box = box;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @param timeoutMs how long to wait for the provider, or for another node that is asking it
     * @return a token that has not expired
     * @throws TokenException if there is none to be had within {@code timeoutMs}
     */
    public String token(OAuth2Client definition, int timeoutMs) {
        if (!definition.active()) {
            throw new TokenException("oauth2-client definition '" + definition.name() + "' is inactive; activate it");
        }
        Token mine = held.get(definition.name());
        long now = clock.millis();
        if (mine != null && mine.definition().equals(definition) && now < mine.expiresAt()) {
            return now < mine.renewAt() ? mine.value() : renewed(definition, mine, timeoutMs);
        }
        try {
            return fromCluster(definition, now + timeoutMs, timeoutMs);
        } catch (JedisException e) {
            throw new TokenException("no token for oauth2-client definition '" + definition.name() + "': Redis, where"
                    + " the cluster keeps its tokens, cannot be reached (" + e.getMessage() + ")");
        }
    }

    /** @return the cluster's token: the one in Redis, or one this node asks for while holding the lock */
    private String fromCluster(OAuth2Client definition, long deadline, int timeoutMs) {
        String fingerprint = fingerprint(definition);
        while (true) {
            Token shared = shared(definition, fingerprint);
            if (shared != null && clock.millis() < shared.renewAt()) {
                held.put(definition.name(), shared.heldFor(definition));
                return shared.value();
            }
            String lock = UUID.randomUUID().toString();
            if (locked(definition, lock, timeoutMs)) {
                try {
                    Token again = shared(definition, fingerprint);
                    Token token = again != null && clock.millis() < again.renewAt() ? again
                            : fetch(definition, fingerprint, timeoutMs);
                    held.put(definition.name(), token.heldFor(definition));
                    return token.value();
                } finally {
                    release(definition, lock);
                }
            }
            if (shared != null && clock.millis() < shared.expiresAt()) {
                return shared.value();  // being renewed by another node; good until it expires
            }
            if (clock.millis() > deadline) {
                throw new TokenException("no token for oauth2-client definition '" + definition.name() + "' within "
                        + timeoutMs + " ms: another node is asking " + definition.tokenUrl() + " for one and has"
                        + " not had it yet");
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    /**
     * Forgets a token the backend refused (answered 401 to), here and in Redis, so that the next
     * {@link #token} asks the provider for another (once for the cluster).
     */
    public void refused(OAuth2Client definition, String token) {
        held.computeIfPresent(definition.name(), (name, t) -> t.value().equals(token) ? null : t);
        LOG.info("{} - the backend refused its token; asking for another", definition.name());
        try {
            Token shared = shared(definition, fingerprint(definition));
            if (shared != null && shared.value().equals(token)) {
                redis.pool().del(KEY + definition.name());
            }
        } catch (JedisException e) {
            LOG.warn("{} - could not forget the refused token in Redis: {}", definition.name(), e.getMessage());
        }
    }

    /** Renews a token due for renewal if this caller takes the lock; else goes on with it. */
    private String renewed(OAuth2Client definition, Token mine, int timeoutMs) {
        String lock = UUID.randomUUID().toString();
        try {
            Token shared = shared(definition, mine.fingerprint());
            if (shared != null && shared.expiresAt() > mine.expiresAt()) {
                held.put(definition.name(), shared.heldFor(definition));
                return shared.value();
            }
            if (!locked(definition, lock, timeoutMs)) {
                return mine.value();
            }
        } catch (JedisException e) {
            return mine.value();
        }
        try {
            Token token = fetch(definition, mine.fingerprint(), timeoutMs);
            held.put(definition.name(), token.heldFor(definition));
            return token.value();
        } catch (TokenException e) {
            LOG.warn("{} - could not renew its token before it expires; using it until then: {}", definition.name(),
                    e.getMessage());
            return mine.value();
        } finally {
            release(definition, lock);
        }
    }

    private boolean locked(OAuth2Client definition, String lock, int timeoutMs) {
        return "OK".equals(redis.pool().set(KEY + definition.name() + ":lock", lock,
                SetParams.setParams().nx().px(timeoutMs + 1000L)));
    }

    private void release(OAuth2Client definition, String lock) {
        try {
            redis.pool().eval(RELEASE, List.of(KEY + definition.name() + ":lock"), List.of(lock));
        } catch (RuntimeException e) {
            LOG.debug("{} - releasing the token lock: {}", definition.name(), e.toString());  // it expires by itself
        }
    }

    /** @return the token in Redis, if it is one for this definition and has not expired */
    private Token shared(OAuth2Client definition, String fingerprint) {
        String stored = redis.read(r -> r.get(KEY + definition.name()));
        if (stored == null || !stored.startsWith(SecretBox.PREFIX)) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(box.open(stored, "the token of oauth2-client definition '"
                    + definition.name() + "'"));
            Token token = new Token(node.path("token").asText(), node.path("renewAt").asLong(),
                    node.path("expiresAt").asLong(), node.path("fingerprint").asText(), null);
            return token.fingerprint().equals(fingerprint) && clock.millis() < token.expiresAt() ? token : null;
        } catch (IOException | SecretUnreadableException e) {
            LOG.warn("{} - the token kept in Redis cannot be read ({}); asking for another", definition.name(),
                    e.getMessage());
            return null;
        }
    }

    /** Asks the provider for a token and leaves it in Redis for the other nodes. */
    private Token fetch(OAuth2Client definition, String fingerprint, int timeoutMs) {
        String where = "the token endpoint of oauth2-client definition '" + definition.name() + "' ("
                + definition.tokenUrl() + ")";
        List<String> form = new ArrayList<>(List.of("grant_type=client_credentials"));
        if (definition.scope() != null) {
            form.add("scope=" + URLEncoder.encode(definition.scope(), StandardCharsets.UTF_8));
        }
        if (definition.audience() != null) {
            form.add("audience=" + URLEncoder.encode(definition.audience(), StandardCharsets.UTF_8));
        }
        HttpPost post = new HttpPost(definition.tokenUrl());
        post.setConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofMilliseconds(timeoutMs))
                .setConnectTimeout(Timeout.ofMilliseconds(timeoutMs))
                .setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build());
        // RFC 6749, 2.3.1: the id and secret form-encoded, then as Basic Auth
        post.setHeader("Authorization", BasicAuth.header(URLEncoder.encode(definition.clientId(), StandardCharsets.UTF_8),
                URLEncoder.encode(definition.clientSecret().reveal(), StandardCharsets.UTF_8)));
        post.setHeader("Accept", "application/json");
        post.setEntity(new StringEntity(String.join("&", form), ContentType.APPLICATION_FORM_URLENCODED));
        long asked = clock.millis();
        JsonNode answer;
        try {
            answer = client.execute(post, response -> {
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                JsonNode json = parse(body);
                if (response.getCode() != 200) {
                    throw new TokenException(where + " answered " + response.getCode() + refusal(json));
                }
                if (json == null || !json.path("access_token").isTextual()) {
                    throw new TokenException(where + " answered 200 without an access_token");
                }
                return json;
            });
        } catch (IOException e) {
            throw new TokenException(where + " could not be reached within " + timeoutMs + " ms: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        long life = answer.path("expires_in").asLong(DEFAULT_LIFE_SECONDS) * 1000;
        long expiresAt = asked + life;
        Token token = new Token(answer.path("access_token").asText(), expiresAt - Math.min(60_000, life / 5), expiresAt,
                fingerprint, definition);
        try {
            redis.pool().set(KEY + definition.name(), box.seal(mapper.writeValueAsString(Map.of("token", token.value(),
                    "renewAt", token.renewAt(), "expiresAt", token.expiresAt(), "fingerprint", fingerprint))),
                    SetParams.setParams().px(Math.max(1, life)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} - could not leave its new token in Redis for the other nodes: {}", definition.name(), e.toString());
        }
        LOG.info("{} - new token from {}, good for {} s", definition.name(), definition.tokenUrl(), life / 1000);
        return token;
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** @return what a provider said when it refused ({@code error} and {@code error_description}), never more */
    private static String refusal(JsonNode json) {
        if (json == null || !json.path("error").isTextual()) {
            return "";
        }
        return ": " + json.path("error").asText() + (json.path("error_description").isTextual()
                ? " (" + json.path("error_description").asText() + ")" : "");
    }

    /** @return what tells a token of this definition from one of its earlier versions (a digest, not the secret) */
    private static String fingerprint(OAuth2Client d) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {d.tokenUrl(), d.clientId(), d.clientSecret().reveal(), d.scope(), d.audience()}) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        // nothing to start: the client opens connections when a token is asked for
    }

    @Override
    public void stop() {
        client.close(CloseMode.GRACEFUL);
    }
}
