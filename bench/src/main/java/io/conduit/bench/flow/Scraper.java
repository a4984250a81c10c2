package io.conduit.bench.flow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Scrapes a node's /conduit/metrics every second, as a Prometheus would (15 times as often). */
final class Scraper implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "metrics-scraper");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger scrapes = new AtomicInteger();

    private Scraper(String url, String password) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build();
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    scrapes.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // the node is going away; the bench checks that scrapes happened
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    static Scraper start(String url, String password) {
        return new Scraper(url, password);
    }

    int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
