package io.conduit.server.outgoing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.common.auth.BasicAuth;
import io.conduit.common.cid.Cids;
import io.conduit.common.tls.TrustedCertificates;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.SpanAttributes;
import io.conduit.server.tracing.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One outgoing plain HTTP connection: a pool of keep-alive Apache HttpClient 5 connections to one
 * backend, built once from a frozen configuration. An edited connection is a new pool: the old one
 * is {@linkplain #retire retired}, which sends every call that starts from then on to its successor,
 * and it is closed once the calls still running on it have finished (it is {@linkplain #drained drained}).
 */
final class HttpPool extends HttpCalls implements LiveRegistry.Live<HttpPool.Spec, HttpPool> {

    /**
     * What a pool is built from: its connection and the security definition it presents.
     *
     * @param config   the connection
     * @param security its security definition, or null
     */
    record Spec(OutgoingHttpConfig config, SecurityDefinition security) {
    }



    private final OutgoingHttpConfig config;
    private final SecurityDefinition security;
    private final ObjectMapper mapper;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private final String authHeader;
    private final String authValue;
    private final Retirement<HttpPool> retirement = new Retirement<>();
    private final Resilience resilience;
    private final ConnectionMeter meter;
    private final Tracing tracing;
    private final OAuth2Tokens tokens;

    HttpPool(OutgoingHttpConfig config, SecurityDefinition security, ObjectMapper mapper) {
        this(config, security, mapper, new MetricRegistry(), ConnectionMeter.NONE, Tracing.off("test", "dev"),
                pool -> { }, null);
    }

    /**
     * @param metrics      where retries and breaker transitions are counted
     * @param meter        told of every call
     * @param tracing      writes each request's traceparent
     * @param onTransition told when the breaker changes state
     * @param tokens       the cluster's OAuth2 tokens, for an oauth2-client definition; null in tests without one
     */
    HttpPool(OutgoingHttpConfig config, SecurityDefinition security, ObjectMapper mapper, MetricRegistry metrics,
             ConnectionMeter meter, Tracing tracing, Consumer<HttpPool> onTransition, OAuth2Tokens tokens) {
        this.config = config;
        this.tokens = tokens;
        this.meter = meter;
        this.tracing = tracing;
        this.resilience = new Resilience(config, metrics, () -> onTransition.accept(this));
        this.security = security;
        this.mapper = mapper;
        Timeout timeout = Timeout.ofMilliseconds(config.timeoutMs());
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create();
        if (config.caFile() != null || config.clientCertificate() != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(TrustedCertificates.context(config.caFile(),
                    config.clientCertificate() == null ? null : config.clientCertificate().reveal())));
        }
        this.connections = pool
                .setMaxConnTotal(config.poolSize())
                .setMaxConnPerRoute(config.poolSize())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("Conduit")
                .build();
        if (security instanceof SecurityDefinition.Basic basic) {
            authHeader = "Authorization";
            authValue = BasicAuth.header(basic.username(), basic.password().reveal());
        } else if (security instanceof SecurityDefinition.ApiKey key) {
            authHeader = key.header();
            authValue = key.key().reveal();
        } else {
            authHeader = null;
            authValue = null;
        }
    }

    OutgoingHttpConfig config() {
        return config;
    }

    SecurityDefinition security() {
        return security;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String url() {
        return config.url();
    }

    @Override
    protected String configuredMethod() {
        return config.method().name();
    }

    /** Calls with this pool, or with the one that replaced it once it is retired. */
    @Override
    protected HttpResponse call(String method, String cid, Object payload, Map<String, String> params) {
        if (!retirement.enter()) {
            return retirement.successor(config.name()).call(method, cid, payload, params);
        }
        try {
            return execute(method, cid, payload, params);
        } finally {
            retirement.leave();
        }
    }

    @Override
    public Spec spec() {
        return new Spec(config, security);
    }

    /**
     * From now on, calls go to the connection of the same name (the newer version of this one; if
     * it was deleted, callers are told there is none).
     */
    @Override
    public java.time.Duration retire(java.util.function.Function<String, HttpPool> current) {
        retirement.retire(current);
        return java.time.Duration.ofMillis(3L * config.timeoutMs() + 1000);
    }

    /** @return whether this pool is retired and no call runs on it any more: it can be closed */
    @Override
    public boolean drained() {
        return retirement.drained();
    }

    /** Sends {@code HEAD} to the connection's URL: any answer but 5xx means the backend is there. */
    Ping ping() {
        long start = System.nanoTime();
        ClassicHttpRequest request = ClassicRequestBuilder.head(config.url()).build();
        try {
            int status = client.execute(request, response -> response.getCode());
            double millis = (System.nanoTime() - start) / 1e6;
            if (status >= 500) {
                throw failure(Reason.SERVER_ERROR, "HEAD", "answered " + status, start, null);
            }
            return new Ping(status, millis);
        } catch (IOException e) {
            throw failure(reasonOf(e), "HEAD", describe(e), start, e);
        }
    }

    /** @return the connection's circuit breaker, or {@code null} */
    CircuitBreaker breaker() {
        return resilience.breaker();
    }

    private HttpResponse execute(String method, String cid, Object payload, Map<String, String> params) {
        ConnectionMeter.Call call = meter.start(method);
        call.sent(payload);
        try {
            HttpResponse response = resilience.isEmpty() || !config.active() ? attempt(call, method, cid, payload, params)
                    : resilience.call(method, () -> attempt(call, method, cid, payload, params), config.url());
            if (call.span().isRecording()) {
                call.span().setAttribute(SpanAttributes.HTTP_METHOD, method);
                call.span().setAttribute(SpanAttributes.HTTP_STATUS, (long) response.statusCode());
                if (response.statusCode() >= 400) {
                    call.span().setStatus(StatusCode.ERROR);
                }
            }
            call.ok();
            return response;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    /** @return the pool's connections: in use, idle, callers waiting for one, the most it opens */
    PoolStats poolStats() {
        return connections.getTotalStats();
    }

    private HttpResponse attempt(ConnectionMeter.Call call, String method, String cid, Object payload,
                                 Map<String, String> params) {
        long start = System.nanoTime();
        if (!config.active()) {
            throw new OutgoingException(config.name(), Reason.INACTIVE, "outgoing connection '" + config.name()
                    + "' (" + config.url() + ") is inactive; activate it to use it", null);
        }
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method)
                .setUri(config.url() + HttpAnswers.query(params))
                .setHeader("Accept", "application/json");
        if (cid != null) {
            request.setHeader(Cids.HEADER, cid);
        }
        tracing.inject(request, (r, name, value) -> r.setHeader(name, value));
        if (authHeader != null) {
            request.setHeader(authHeader, authValue);
        }
        if (payload != null) {
            try {
                request.setEntity(new ByteArrayEntity(mapper.writeValueAsBytes(payload), ContentType.APPLICATION_JSON));
            } catch (JsonProcessingException e) {
                throw new OutgoingException(config.name(), Reason.BAD_RESPONSE, "outgoing connection '" + config.name()
                        + "': the payload cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        Raw answer;
        if (security instanceof SecurityDefinition.OAuth2Client oauth) {
            String token = bearer(oauth, request, method, start);
            answer = send(request, method, start);
            if (answer.status() == 401) {
                // the token expired early or was revoked: one new token for the cluster, one more try
                tokens.refused(oauth, token);
                bearer(oauth, request, method, start);
                answer = send(request, method, start);
            }
        } else {
            answer = send(request, method, start);
        }
        call.status(answer.status());
        call.received(answer.body());
        return HttpAnswers.read(config.name(), method, config.url(), answer.status(), answer.body(), mapper, start);
    }

    private record Raw(int status, byte[] body) {
    }

    private Raw send(ClassicRequestBuilder request, String method, long start) {
        try {
            return client.execute(request.build(), response -> new Raw(response.getCode(),
                    response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
        } catch (IOException e) {
            throw failure(reasonOf(e), method, describe(e), start, e);
        }
    }

    /** @return the token it set as the request's bearer token */
    private String bearer(SecurityDefinition.OAuth2Client oauth, ClassicRequestBuilder request, String method, long start) {
        if (tokens == null) {
            throw failure(Reason.UNAVAILABLE, method, "has no store of OAuth2 tokens", start, null);
        }
        try {
            String token = tokens.token(oauth, config.timeoutMs());
            request.setHeader("Authorization", "Bearer " + token);
            return token;
        } catch (OAuth2Tokens.TokenException e) {
            throw new OutgoingException(config.name(), Reason.UNAVAILABLE, "outgoing connection '" + config.name()
                    + "' (" + config.url() + ") has no token to send: " + e.getMessage(), null);
        }
    }

    private OutgoingException failure(Reason reason, String method, String what, long start, Throwable cause) {
        return HttpAnswers.failure(config.name(), config.url(), reason, method, what, start, cause);
    }

    private String describe(IOException e) {
        if (e instanceof ConnectionRequestTimeoutException) {
            PoolStats stats = connections.getTotalStats();
            return "found no free connection in its pool within " + config.timeoutMs() + " ms (pool of "
                    + stats.getMax() + ": " + stats.getLeased() + " in use, " + stats.getPending() + " waiting)";
        }
        if (e instanceof ConnectTimeoutException || (e instanceof SocketTimeoutException
                && String.valueOf(e.getMessage()).toLowerCase().contains("connect"))) {
            return "could not connect within " + config.timeoutMs() + " ms";
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "did not answer within " + config.timeoutMs() + " ms";
        }
        if (e instanceof ConnectException) {
            return "refused the connection";
        }
        if (e instanceof UnknownHostException) {
            return "has an unknown host";
        }
        return "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static Reason reasonOf(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException
                || e instanceof InterruptedIOException
                || e instanceof ConnectionRequestTimeoutException) {
            return Reason.TIMEOUT;
        }
        return Reason.UNREACHABLE;
    }


    /** Closes the pool; idempotent. Calls still running are cut short: retire it and wait until it is drained first. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
