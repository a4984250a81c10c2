package io.conduit.bench.render;

import io.conduit.bench.Results;
import io.conduit.bench.SyntheticStats;
import io.conduit.common.stats.Resolution;
import io.conduit.testing.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The Statistics page for 500 services over a whole day, in real headless Chromium: the time from the
 * moment the last of its API answers arrived to the page drawn (tables, five charts and their numbers,
 * two frames painted). The baseline, in the same browser on the same answers: the least a page can do
 * with them, the two top-10 tables built as one HTML string and painted. Statistics are written
 * straight into the cluster's Redis, as the nodes write them: every hour of today so far, two nodes.
 *
 * <p>Run by {@code bench/render/run}; writes its medians into {@code bench/RESULTS.md}.
 */
public final class RenderBench {

    private static final int SERVICES = 500;
    private static final String[] NODES = {"server1@1", "server2@1"};

    /** Puts the drawn-after-answers time of the page (ms) in window.__rendered. */
    private static final String MEASURE_PAGE = """
            performance.clearMarks(); performance.clearResourceTimings();
            window.__rendered = null;
            const started = performance.now();
            location.hash = '#/stats';
            const wait = () => {
              const drawn = performance.getEntriesByName('conduit-stats-drawn', 'mark').pop();
              if (!drawn || drawn.startTime < started) { setTimeout(wait, 5); return; }
              const answered = Math.max(...performance.getEntriesByType('resource')
                .filter(e => e.startTime >= started && e.name.includes('/api/')).map(e => e.responseEnd));
              window.__api = answered - started;
              window.__rendered = drawn.startTime - answered;
            };
            wait();
            """;

    /** Chooses today on the Statistics page (the page keeps the choice while the browser is on it). */
    private static final String CHOOSE_TODAY = """
            performance.clearMarks();
            window.__rendered = null;
            const started = performance.now();
            const period = document.getElementById('period');
            period.value = 'today';
            period.dispatchEvent(new Event('change'));
            const wait = () => {
              const drawn = performance.getEntriesByName('conduit-stats-drawn', 'mark').pop();
              if (!drawn || drawn.startTime < started) { setTimeout(wait, 5); return; }
              window.__rendered = 0;
            };
            wait();
            """;

    /** The baseline: the same two answers, the two tables as one HTML string, painted. */
    private static final String MEASURE_BASELINE = """
            window.__rendered = null;
            const q = 'period=today&n=10&percentiles=false';
            Promise.all([fetch('/api/stats/top?by=mean&' + q), fetch('/api/stats/top?by=usage&' + q)])
              .then(rs => Promise.all(rs.map(r => r.json()))).then(([slowest, used]) => {
                const answered = performance.now();
                const rows = report => report.rows.map((r, i) => '<tr><td>' + (i + 1) + '</td><td>' + r.service
                  + '</td><td>' + r.mean.toFixed(2) + '</td><td>' + r.usage + '</td><td>' + r.usageShare.toFixed(2)
                  + '</td><td>' + r.timeShare.toFixed(2) + '</td></tr>').join('');
                const main = document.querySelector('main');
                main.innerHTML = '<table>' + rows(slowest) + '</table><table>' + rows(used) + '</table>';
                requestAnimationFrame(() => requestAnimationFrame(() => { window.__rendered = performance.now() - answered; }));
              });
            """;

    private RenderBench() {
    }

    /** @param args the cluster's directory, the rounds, and RESULTS.md */
    public static void main(String[] args) throws Exception {
        Path cluster = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        fill(cluster);
        String dashboard = "http://127.0.0.1:" + (8183 + offset(cluster)) + "/";
        String password = Files.readString(cluster.resolve("admin.credentials")).strip().split(":", 2)[1];
        ChromeDriver browser = browser();
        try {
            browser.get(dashboard + "#/login");
            browser.findElement(By.name("password")).sendKeys(password);
            browser.findElement(By.id("login-submit")).click();
            until(Duration.ofSeconds(30), () -> browser.findElements(By.id("stats")).isEmpty() ? null : true);
            List<Double> page = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            List<Double> answers = new ArrayList<>();
            browser.get(dashboard + "#/stats");
            until(Duration.ofSeconds(60), () -> browser.findElements(By.id("period")).isEmpty() ? null : true);
            measure(browser, CHOOSE_TODAY);
            for (int round = 0; round < rounds + 1; round++) {
                // from another page, so each round draws the Statistics page anew, as a user opening it does
                browser.get(dashboard + "#/cluster");
                until(Duration.ofSeconds(60), () -> browser.findElements(By.cssSelector("main h1")).isEmpty() ? null : true);
                double b = measure(browser, MEASURE_BASELINE);
                double p = measure(browser, MEASURE_PAGE);
                if (round > 0) {  // the first round warms the browser and the dashboard up
                    page.add(p);
                    baseline.add(b);
                    answers.add(((Number) ((JavascriptExecutor) browser).executeScript("return window.__api")).doubleValue());
                }
                System.err.printf("round %d: page %.1f ms, baseline %.1f ms%n", round, p, b);
            }
            double pageMedian = Results.median(page);
            double baselineMedian = Results.median(baseline);
            String table = "| what (medians of " + rounds + " rounds, ms after the API answered) | ms |\n|---|---|\n"
                    + String.format("| baseline: the two top-10 tables as one HTML string, painted | %.1f |%n", baselineMedian)
                    + String.format("| the Statistics page: tables, five charts, their numbers, painted | %.1f |%n", pageMedian)
                    + String.format("| the page against the 1,000 ms budget | %.2fx of it |%n", pageMedian / 1000)
                    + String.format("| the page against the baseline | %.1fx |%n", pageMedian / baselineMedian)
                    + String.format("| (not counted: the dashboard's API answering its five calls, from the hash change) | %.1f |%n",
                    Results.median(answers));
            System.out.println(table);
            Results.writeInto(Path.of(args[2]), "render", "## The Statistics page for " + SERVICES
                    + " services over a day, in headless Chromium (bench/render/run, " + LocalDate.now(ZoneOffset.UTC)
                    + ")\n\n" + table);
        } finally {
            browser.quit();
        }
    }

    private static double measure(ChromeDriver browser, String script) throws InterruptedException {
        ((JavascriptExecutor) browser).executeScript(script);
        try {
            Object value = until(Duration.ofSeconds(60), () -> ((JavascriptExecutor) browser)
                    .executeScript("return window.__rendered"));
            return ((Number) value).doubleValue();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the page was not drawn in a minute; it shows: " + ((JavascriptExecutor) browser)
                    .executeScript("return location.href + ' / ' + JSON.stringify(performance.getEntriesByType('mark')"
                            + ".map(m => m.name + '@' + m.startTime)) + ' / ' + document.body.innerText.slice(0, 400)"), e);
        }
    }

    /** @return the first non-null answer of {@code look}, polled until the deadline */
    private static Object until(Duration timeout, java.util.function.Supplier<Object> look) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object value = look.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("nothing after " + timeout);
    }

    /** Writes today's hours so far for 500 services on two nodes into the cluster's Redis, as nodes do. */
    private static void fill(Path cluster) throws IOException {
        Map<String, String> conf = new HashMap<>();
        for (String line : Files.readAllLines(cluster.resolve("redis/redis.conf"))) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2) {
                conf.put(parts[0], parts[1]);
            }
        }
        Random random = new Random(42);
        Instant now = Instant.now();
        long firstHour = Resolution.HOUR.bucketOf(now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC)
                .toInstant());
        long lastHour = Resolution.HOUR.bucketOf(now);
        try (Jedis redis = new Jedis("127.0.0.1", Integer.parseInt(conf.get("port")))) {
            redis.auth(conf.get("requirepass"));
            Pipeline pipeline = redis.pipelined();
            for (long h = firstHour; h <= lastHour; h++) {
                SyntheticStats hour = SyntheticStats.hour(random, SERVICES, NODES, "bench.service-", 50);
                pipeline.hset(Resolution.HOUR.key(h), hour.totals());
                pipeline.hset(Resolution.HOUR.histogramKey(h), hour.histograms());
            }
            pipeline.sync();
        }
    }

    private static int offset(Path cluster) throws IOException {
        return Integer.parseInt(Files.readAllLines(cluster.resolve("cluster.properties")).stream()
                .filter(l -> l.startsWith("portOffset=")).findFirst().orElse("portOffset=0").substring(11));
    }

    private static ChromeDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Binaries.require("chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1500,1100", "--user-data-dir=" + Files.createTempDirectory("conduit-bench-chromium-"));
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Binaries.require("chromedriver").toFile()).usingAnyFreePort().build(), options);
    }
}
