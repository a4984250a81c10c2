package io.conduit.server.outgoing;

import com.codahale.metrics.MetricRegistry;
import io.conduit.api.HttpResponse;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.tracing.LogContext;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outgoing HTTP connection's retries and circuit breaker (Resilience4j), as its configuration
 * asks; either may be absent. Each attempt goes through the breaker; an open breaker fails the call
 * at once with {@link Reason#CIRCUIT_OPEN}, never retried. Retries and transitions are logged with
 * the call's cid and counted in the node's metrics ({@code outgoing.http.<name>.retries},
 * {@code outgoing.http.<name>.circuit.open} and so on).
 */
final class Resilience {

    private static final Logger LOG = LoggerFactory.getLogger(Resilience.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final String name;
    private final Retry retry;
    private final Retries retries;
    private final CircuitBreaker breaker;
    private final String openFor;

    /**
     * @param onTransition told of every change of the breaker's state, for the cluster's view
     */
    Resilience(OutgoingHttpConfig config, MetricRegistry metrics, Runnable onTransition) {
        this.name = config.name();
        this.retries = config.retries();
        this.retry = retries == null ? null : retry(retries, metrics);
        this.breaker = config.circuitBreaker() == null ? null : breaker(config.circuitBreaker(), metrics, onTransition);
        this.openFor = config.circuitBreaker() == null ? null
                : io.conduit.common.Durations.format(config.circuitBreaker().openFor());
    }

    /** @return whether there is anything to do: no retries and no breaker means calls go straight through */
    boolean isEmpty() {
        return retry == null && breaker == null;
    }

    /** @return the breaker, or {@code null} */
    CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * @param method the call's HTTP method: only idempotent ones are retried unless configured otherwise
     * @param call   one attempt
     * @return the answer of the attempt that succeeded (or of the last one, for a retried 429)
     * @throws OutgoingException the last attempt's failure, or "circuit open"
     */
    HttpResponse call(String method, Supplier<HttpResponse> call, String url) {
        Supplier<HttpResponse> attempt = call;
        if (breaker != null) {
            attempt = CircuitBreaker.decorateSupplier(breaker, attempt);
        }
        if (retry != null && (retries.retryNonIdempotent() || IDEMPOTENT.contains(method))) {
            attempt = Retry.decorateSupplier(retry, attempt);
        }
        try {
            return attempt.get();
        } catch (CallNotPermittedException e) {
            throw new OutgoingException(name, Reason.CIRCUIT_OPEN, "outgoing connection '" + name + "' (" + method + " "
                    + url + "): circuit open after too many failures; calls fail at once for "
                    + openFor + ", then a few probe calls go through", null);
        }
    }

    private Retry retry(Retries r, MetricRegistry metrics) {
        boolean on429 = r.on().contains(Retries.Cause.TOO_MANY_REQUESTS);
        RetryConfig config = RetryConfig.<HttpResponse>custom()
                .maxAttempts(r.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.backoff(), 2.0, 0.5,
                        r.maxBackoff()))
                .retryOnException(e -> e instanceof OutgoingException o && retried(o.reason(), r))
                .retryOnResult(response -> on429 && response != null && response.statusCode() == 429)
                .failAfterMaxAttempts(false)
                .build();
        Retry built = Retry.of("outgoing-" + name, config);
        built.getEventPublisher().onRetry(event -> {
            metrics.counter("outgoing.http." + name + ".retries").inc();
            Throwable cause = event.getLastThrowable();
            LOG.warn("cid {} - outgoing connection '{}': attempt {} of {} failed ({}); trying again in {} ms",
                    LogContext.cid(), name, event.getNumberOfRetryAttempts(), r.maxAttempts(),
                    cause == null ? "answered 429" : cause.getMessage(), event.getWaitInterval().toMillis());
        });
        return built;
    }

    private static boolean retried(Reason reason, Retries r) {
        return switch (reason) {
            case UNREACHABLE -> r.on().contains(Retries.Cause.CONNECT);
            case TIMEOUT -> r.on().contains(Retries.Cause.TIMEOUT);
            case SERVER_ERROR -> r.on().contains(Retries.Cause.SERVER_ERROR);
            default -> false;
        };
    }

    private CircuitBreaker breaker(CircuitBreakerSettings s, MetricRegistry metrics, Runnable onTransition) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.window())
                .minimumNumberOfCalls(Math.min(s.window(), 10))
                .failureRateThreshold(s.failureRateThreshold())
                .slowCallRateThreshold(s.failureRateThreshold())
                .slowCallDurationThreshold(s.slowCallDuration())
                .waitDurationInOpenState(s.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(e -> e instanceof OutgoingException o && (o.reason() == Reason.UNREACHABLE
                        || o.reason() == Reason.TIMEOUT || o.reason() == Reason.SERVER_ERROR))
                .build();
        CircuitBreaker built = CircuitBreaker.of("outgoing-" + name, config);
        built.getEventPublisher().onStateTransition(event -> {
            String to = event.getStateTransition().getToState().name().toLowerCase(Locale.ROOT).replace('_', '-');
            metrics.counter("outgoing.http." + name + ".circuit." + to).inc();
            LOG.warn("cid {} - outgoing connection '{}': circuit {} (failure rate {}%, slow-call rate {}%)",
                    LogContext.cid(), name, to, built.getMetrics().getFailureRate(), built.getMetrics().getSlowCallRate());
            onTransition.run();
        });
        return built;
    }
}
