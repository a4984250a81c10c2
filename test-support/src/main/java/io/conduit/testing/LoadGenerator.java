package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The reliability suite's load: client streams that each send one request, wait for its answer,
 * and send the next, over keep-alive HTTP/1.1 connections (Apache HttpClient 5, one pooled
 * connection per stream), recording the outcome of every request.
 * A request is <em>ok</em> when its answer passes the scenario's check (by default: a 2xx status),
 * <em>failed</em> when an answer came that does not, and <em>lost</em> when no answer came at all
 * (the connection was refused, reset, or timed out). The client never retries.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status and body. */
    public record Answer(int status, String body) {
    }

    /** What became of a request. */
    public enum Kind { OK, FAILED, LOST }

    /**
     * One request's outcome.
     *
     * @param stream    the client stream that sent it
     * @param startedAt when it was sent (epoch millis)
     * @param millis    how long its answer took
     * @param status    the answer's status, or 0 if none came
     * @param detail    the answer's body, or what went wrong
     * @param kind      ok, failed or lost
     */
    public record Outcome(int stream, long startedAt, long millis, int status, String detail, Kind kind) {
    }

    /**
     * The figures of a scenario.
     *
     * @param scenario what was done under load
     * @param sent     requests sent
     * @param failed   requests answered wrongly
     * @param lost     requests never answered
     * @param problems the failed and lost requests
     */
    public record Summary(String scenario, int sent, int failed, int lost, List<Outcome> problems) {

        /** @return a row of the reliability table (docs/OPERATIONS.md) */
        public String row() {
            return "| " + scenario + " | " + sent + " | " + failed + " | " + lost + " |";
        }

        /** Appends the row to {@code target/reliability.md}, where the suite's figures are gathered. */
        public Summary record() {
            Path file = Path.of("target", "reliability.md");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, row() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("reliability: " + row());
            return this;
        }
    }

    private final String scenario;
    private final CloseableHttpClient client;
    private final Supplier<ClassicHttpRequest> request;
    private final Predicate<Answer> check;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> streams = new ArrayList<>();
    private Summary summary;

    private LoadGenerator(String scenario, int streams, Supplier<ClassicHttpRequest> request,
                          Predicate<Answer> check) {
        this.scenario = scenario;
        Timeout timeout = Timeout.of(REQUEST_TIMEOUT);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(streams).setMaxConnPerRoute(streams)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        this.request = request;
        this.check = check;
        this.pool = Executors.newFixedThreadPool(streams);
        for (int i = 0; i < streams; i++) {
            int stream = i;
            this.streams.add(pool.submit(() -> run(stream)));
        }
    }

    /**
     * @param scenario what is measured, as the reliability table (docs/OPERATIONS.md) names it
     * @param streams  concurrent client streams
     * @param request  makes each request (it is sent as is)
     * @param check    whether an answer is right
     * @return the running load
     */
    public static LoadGenerator start(String scenario, int streams, Supplier<ClassicHttpRequest> request,
                                      Predicate<Answer> check) {
        return new LoadGenerator(scenario, streams, request, check);
    }

    /** A load whose answers are right when their status is 2xx. */
    public static LoadGenerator start(String scenario, int streams, Supplier<ClassicHttpRequest> request) {
        return start(scenario, streams, request, r -> r.status() / 100 == 2);
    }

    /** @return a POST of a JSON body to {@code url} */
    public static Supplier<ClassicHttpRequest> post(String url, String json) {
        return () -> ClassicRequestBuilder.post(url).setEntity(new StringEntity(json, ContentType.APPLICATION_JSON))
                .build();
    }

    private void run(int stream) {
        while (running.get()) {
            long startedAt = System.currentTimeMillis();
            long start = System.nanoTime();
            sent.incrementAndGet();
            Outcome outcome;
            try {
                Answer answer = client.execute(request.get(), response -> new Answer(response.getCode(),
                        response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                outcome = new Outcome(stream, startedAt, millis, answer.status(), answer.body(),
                        check.test(answer) ? Kind.OK : Kind.FAILED);
            } catch (IOException e) {
                outcome = new Outcome(stream, startedAt, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), 0,
                        e.toString(), Kind.LOST);
            }
            if (outcome.kind() == Kind.OK) {
                ok.incrementAndGet();
            }
            outcomes.add(outcome);
        }
    }

    /** @return requests answered rightly so far */
    public int ok() {
        return ok.get();
    }

    /** @return requests sent so far */
    public int sent() {
        return sent.get();
    }

    /**
     * Waits until {@code more} requests more than now have been answered rightly.
     *
     * @throws AssertionError if that takes longer than {@code timeout}
     */
    public void awaitMoreOk(int more, Duration timeout) {
        int target = ok() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ok() < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(scenario + ": only " + (ok() - target + more) + " of " + more
                        + " more requests answered rightly within " + timeout + "; problems so far: " + problems());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** @return every outcome so far, in the order they ended */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** @return the failed and lost requests so far */
    public List<Outcome> problems() {
        return outcomes.stream().filter(o -> o.kind() != Kind.OK).toList();
    }

    /** Stops every stream (each finishes its request in flight) and sums up. Idempotent. */
    public synchronized Summary stop() {
        if (summary != null) {
            return summary;
        }
        running.set(false);
        for (Future<?> stream : streams) {
            try {
                stream.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(scenario + ": a client stream did not end", e);
            }
        }
        pool.shutdown();
        client.close(CloseMode.GRACEFUL);
        List<Outcome> all = outcomes();
        List<Outcome> problems = all.stream().filter(o -> o.kind() != Kind.OK).toList();
        summary = new Summary(scenario, all.size(),
                (int) problems.stream().filter(o -> o.kind() == Kind.FAILED).count(),
                (int) problems.stream().filter(o -> o.kind() == Kind.LOST).count(), problems);
        return summary;
    }

    @Override
    public void close() {
        stop();
    }
}
