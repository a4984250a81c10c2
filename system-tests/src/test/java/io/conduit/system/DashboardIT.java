package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in real headless Chromium against a real cluster made by {@code bin/conduit
 * quickstart}: an operator logs in, does the tutorial's set-up by clicking, runs Remote commands,
 * watches the statistics fill and takes a node out of HAProxy. A screenshot of every test is
 * written under {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static Cluster cluster;
    /** Every invocation of the tutorial's service this class made, so statistics can be checked exactly. */
    private static long tutorialCalls;
    private static Browser browser;
    private static String dashboard;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.quickstart(2);
        dashboard = "http://127.0.0.1:" + cluster.port(8183) + "/";
        browser = new Browser();
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndTheRightOneLogsIn() {
        browser.open(dashboard);
        login("admin", "not-the-password");
        String error = browser.until(d -> text(By.id("login-error")).isEmpty() ? null : text(By.id("login-error")));
        assertThat(error).isEqualTo("wrong user name or password");
        assertThat(browser.find(By.id("login-form")).isDisplayed()).isTrue();

        login("admin", cluster.adminPassword());
        browser.find(By.id("stats"));
        assertThat(browser.find(By.id("nav")).isDisplayed()).isTrue();
        assertThat(text(By.id("who"))).isEqualTo("admin");
        // the chart library, from its WebJar by a path that names no version
        assertThat(browser.script("return typeof uPlot")).isEqualTo("function");
        assertThat(Cluster.http("GET", dashboard + "webjars/uplot/dist/uPlot.min.css", null, null, null, null).status())
                .isEqualTo(200);
        Cluster.Reply escape = Cluster.http("GET", dashboard + "webjars/uplot/../../../../etc/passwd", null, null, null,
                null);
        assertThat(escape.status()).isIn(400, 404);
        assertThat(escape.body()).doesNotContain("root:");
        assertThat(Cluster.http("GET", dashboard + "webjars/no-such-jar/x.js", null, null, null, null).status())
                .isEqualTo(404);
    }

    @Test
    @Order(6)
    void sqlAmqpAndKafkaConnectionsAndAmqpAndKafkaChannelsAreCreatedAndPingedByClicking() {
        int nobody = cluster.port(35199);
        browser.open(dashboard + "#/connections");
        fill("sql-form", "name", "Billing", "url", "jdbc:postgresql://127.0.0.1:" + nobody + "/billing", "user", "billing",
                "password", "sql-secret-4711", "timeoutMs", "1000");
        awaitRow("outgoing-sql", "Billing");
        fill("amqp-form", "name", "Orders", "address", "amqp://127.0.0.1:" + nobody + "/", "user", "guest",
                "password", "amqp-secret-4711", "routingKey", "orders", "timeoutMs", "1000");
        awaitRow("outgoing-amqp", "Orders");
        fill("kafka-form", "name", "Events", "bootstrapServers", "127.0.0.1:" + nobody, "topic", "events",
                "timeoutMs", "1000");
        awaitRow("outgoing-kafka", "Events");
        for (String[] connection : new String[][] {{"outgoing-sql", "Billing", "cannot connect to the database"},
                {"outgoing-amqp", "Orders", "cannot connect to the broker"},
                {"outgoing-kafka", "Events", "did not describe topic 'events'"}}) {
            row(connection[0], connection[1]).findElement(By.className("act-ping")).click();
            String ping = browser.until(d -> {
                String result = row(connection[0], connection[1]).findElement(By.className("ping-result")).getText();
                return result.isEmpty() ? null : result;
            });
            assertThat(ping).startsWith("Failed:").contains("'" + connection[1] + "'", connection[2]);
        }
        assertThat(browser.find(By.id("outgoing-sql")).getText() + browser.find(By.id("outgoing-amqp")).getText())
                .doesNotContain("secret-4711");

        browser.open(dashboard + "#/channels");
        fill("amqp-channel-form", "name", "orders-in", "address", "amqp://127.0.0.1:" + nobody + "/", "user", "guest",
                "password", "amqp-secret-4711", "queue", "orders", "service", "orders.take-order");
        awaitRow("channels-amqp", "orders-in");
        // each node says it cannot consume, and why
        String nodes = nodesCell("channels-amqp", "orders-in", "not connected");
        assertThat(nodes).contains("0 handled").contains("Connection refused");

        // a Kafka channel: each node's consumers wait for partitions while no broker answers
        fill("kafka-channel-form", "name", "events-in", "bootstrapServers", "127.0.0.1:" + nobody, "topics",
                "events, audit", "service", "orders.take-order");
        awaitRow("channels-kafka", "events-in");
        assertThat(row("channels-kafka", "events-in").getText()).contains("events, audit", "conduit-events-in");
        String kafka = nodesCell("channels-kafka", "events-in", "waiting for partitions");
        assertThat(kafka).contains("1 consumers, partitions none", "0 handled");
    }

    /**
     * @return a consuming channel's Nodes cell once both nodes are in {@code state}: the page shows it once
     *     the nodes have tried; each visit waits for the page to fill the cell before reading it
     */
    private String nodesCell(String table, String channel, String state) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String nodes = "";
        while (!(nodes.contains("server1 " + state) && nodes.contains("server2 " + state))) {
            assertThat(System.nanoTime()).as("the Nodes cell after 30 s: " + nodes).isLessThan(deadline);
            browser.open(dashboard + "#/connections");
            browser.open(dashboard + "#/channels");
            nodes = browser.until(d -> {
                WebElement row = row(table, channel);
                String text = row == null ? "" : row.findElement(By.className("consumers")).getText();
                return text.isEmpty() || text.equals("\u2026") ? null : text;
            });
        }
        return nodes;
    }

    @Test
    @Order(2)
    void theTutorialsConnectionsAndChannelAreCreatedByClicking() {
        browser.open(dashboard + "#/connections");
        String backends = "http://127.0.0.1:" + cluster.port(18080);
        fill("http-form", "name", "CRM", "address", backends, "urlPath", "/crm/client", "timeoutMs", "5000");
        awaitRow("outgoing-http", "CRM");
        fill("http-form", "name", "Payments", "address", backends, "urlPath", "/payments/last", "timeoutMs", "5000");
        awaitRow("outgoing-http", "Payments");
        fill("zmq-form", "name", "Fraud detection", "address", "tcp://127.0.0.1:" + cluster.port(35101));
        awaitRow("outgoing-zmq", "Fraud detection");

        row("outgoing-http", "CRM").findElement(By.className("act-ping")).click();
        String ping = browser.until(d -> {
            String result = row("outgoing-http", "CRM").findElement(By.className("ping-result")).getText();
            return result.isEmpty() ? null : result;
        });
        assertThat(ping).startsWith("OK");

        browser.open(dashboard + "#/channels");
        fill("channel-form", "name", "tutorial-first-service", "urlPath", "/tutorial/first-service",
                "service", "tutorial.get-client-details");
        awaitRow("channels", "tutorial-first-service");

        browser.open(dashboard + "#/services");
        browser.find(By.id("deploy-file")).sendKeys(Cluster.HOME.resolve("examples/tutorial/GetClientDetails.java")
                .toString());
        browser.find(By.id("deploy")).click();
        awaitRow("services", "tutorial.get-client-details");

        JsonNode crm = cluster.admin("GET", "/conduit/admin/outgoing/http/CRM", null).json();
        assertThat(crm.path("address").asText()).isEqualTo(backends);
        Cluster.Reply call = tutorial("D");
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        assertThat(call.json().path("last_name").asText()).isEqualTo("O'Brien");
    }

    @Test
    @Order(3)
    void remoteCommandsShowTheirOutputAndHistory() {
        browser.open(dashboard + "#/kvdb");
        run("DEL myapp:fraud-detection:cust-type");
        run("LPUSH myapp:fraud-detection:cust-type A B C");
        assertThat(output()).isEqualTo("(integer) 3");
        run("LRANGE myapp:fraud-detection:cust-type 0 -1");
        assertThat(output()).isEqualTo("1) \"C\"\n2) \"B\"\n3) \"A\"");
        run("FLUSHALL");
        assertThat(output()).startsWith("(refused) FLUSHALL is not allowed");

        List<String> history = browser.until(d -> {
            List<String> commands = d.findElements(By.cssSelector("#kvdb-history code")).stream()
                    .map(WebElement::getText).toList();
            return commands.size() >= 3 ? commands : null;
        });
        assertThat(history).startsWith("LRANGE myapp:fraud-detection:cust-type 0 -1",
                "LPUSH myapp:fraud-detection:cust-type A B C");
    }

    @Test
    @Order(4)
    void callsThroughHaproxyFillTheStatisticsTables() throws IOException {
        for (int i = 0; i < 12; i++) {
            assertThat(tutorial("A").status()).isEqualTo(200);
        }
        long expected = tutorialCalls;
        browser.until(d -> usage() == expected ? true : null);

        browser.open(dashboard + "#/stats");
        String count = browser.until(d -> {
            browser.reload();
            List<WebElement> rows = d.findElements(By.cssSelector("#most-used tr[data-service='tutorial.get-client-details']"));
            return rows.isEmpty() ? null : rows.get(0).findElements(By.tagName("td")).get(2).getText();
        });
        assertThat(count).isEqualTo(String.valueOf(expected));
        WebElement slowest = browser.find(By.cssSelector("#slowest tr[data-service='tutorial.get-client-details']"));
        assertThat(slowest.findElements(By.tagName("td")).get(1).getText()).startsWith("tutorial.get-client-details");
        assertThat(browser.all(By.cssSelector("#most-used svg.spark path"))).isNotEmpty();

        new org.openqa.selenium.interactions.Actions(browser.driver()).moveToElement(slowest).perform();
        String hovered = browser.until(d -> d.findElement(By.cssSelector(
                "#most-used tr[data-service='tutorial.get-client-details']")).getAttribute("class"));
        assertThat(hovered).contains("hl");

        String csv = browser.find(By.id("csv")).getAttribute("href");
        Cluster.Reply download = Cluster.http("GET", csv, null, "admin", cluster.adminPassword(), null);
        assertThat(download.body()).startsWith("service,mean_ms,usage,").contains("\"tutorial.get-client-details\"");

        // the Statistics page's charts, as their numbers: the same calls as the tables and the API
        for (String chart : List.of("chart-traffic", "chart-top", "chart-hours", "chart-spread")) {
            browser.find(By.cssSelector("#" + chart + " canvas"));
        }
        // the slow calls' scatter, or (none recorded) the sentence saying so
        boolean anySlow = Cluster.http("GET", dashboard + "api/admin/calls?outcome=slow", null, "admin",
                cluster.adminPassword(), null).json().size() > 0;
        if (anySlow) {
            browser.find(By.cssSelector("#chart-slow canvas"));
        } else {
            assertThat(browser.find(By.id("chart-slow")).getText()).isEqualTo("No slow call recorded in this period.");
        }
        browser.find(By.cssSelector("#stats-charts #chart-numbers-toggle")).click();
        List<WebElement> perSlice = browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#stats-charts #chart-numbers tr[data-slice]"));
            return rows.isEmpty() || !rows.get(0).isDisplayed() ? null : rows;
        });
        JsonNode top = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Cluster.http("GET", dashboard
                + "api/stats/top?by=usage&period=last-hour&percentiles=false", null, "admin", cluster.adminPassword(),
                null).body());
        JsonNode series = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Cluster.http("GET", dashboard
                + "api/stats/series?period=last-hour", null, "admin", cluster.adminPassword(), null).body());
        List<Long> charted = perSlice.stream().map(r -> Long.parseLong(r.findElements(By.tagName("td")).get(1).getText()
                .replace(",", ""))).toList();
        List<Long> fromApi = new java.util.ArrayList<>();
        series.path("calls").forEach(c -> fromApi.add(c.asLong()));
        assertThat(charted.stream().filter(n -> n > 0).toList()).as("calls per slice, as the API has them")
                .isEqualTo(fromApi.stream().filter(n -> n > 0).toList());
        assertThat(charted.stream().mapToLong(Long::longValue).sum()).as("the charts' calls are the tables' TU")
                .isEqualTo(top.path("allServicesUsage").asLong()).isEqualTo(Long.parseLong(browser.find(By.cssSelector(
                        "#most-used tr[data-service] td:nth-child(7)")).getText().replace(",", "")));
        long spread = browser.all(By.cssSelector("#stats-charts #chart-numbers tr[data-bucket]")).stream()
                .mapToLong(r -> Long.parseLong(r.findElements(By.tagName("td")).get(2).getText().replace(",", ""))).sum();
        assertThat(spread).as("every call in one duration bucket").isEqualTo(top.path("allServicesUsage").asLong());

        browser.find(By.id("percentiles")).click();
        browser.find(By.xpath("//div[@id='slowest']//th[text()='p95']"));
        browser.screenshot("statistics");

        // a service's charts, as the table that is their text alternative: the API's numbers, slice by slice
        browser.open(dashboard + "#/service/tutorial.get-client-details");
        browser.find(By.id("chart-numbers-toggle")).click();
        List<WebElement> slices = browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#chart-numbers tr[data-slice]"));
            return rows.isEmpty() || !rows.get(0).isDisplayed() ? null : rows;
        });
        JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Cluster.http("GET", dashboard
                + "api/stats/services/tutorial.get-client-details?period=last-hour", null, "admin",
                cluster.adminPassword(), null).body()).path("rows").get(0);
        List<Long> shown = slices.stream().map(r -> r.findElements(By.tagName("td")).get(5).getText().replace(",", ""))
                .map(Long::parseLong).toList();
        List<Long> usage = new java.util.ArrayList<>();
        api.path("usageTrend").forEach(u -> usage.add(u.asLong()));
        // (the hour's window moves a slice each minute: compared as the slices that had calls, in order)
        assertThat(shown).hasSameSizeAs(usage);
        assertThat(shown.stream().filter(n -> n > 0).toList()).as("the chart's calls per slice, as the API has them")
                .isEqualTo(usage.stream().filter(n -> n > 0).toList());
        assertThat(shown.stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
        assertThat(browser.find(By.id("chart-usage")).getAttribute("aria-label")).contains("calls and failures over");
        long failures = slices.stream().mapToLong(r -> Long.parseLong(r.findElements(By.tagName("td")).get(6).getText()
                .replace(",", ""))).sum();
        assertThat(failures).as("the failures series, as the table above has them").isEqualTo(api.path("failures").asLong());
        browser.find(By.cssSelector("#chart-spread canvas"));
        long spreadCalls = browser.all(By.cssSelector("#chart-numbers tr[data-bucket]")).stream()
                .mapToLong(r -> Long.parseLong(r.findElements(By.tagName("td")).get(2).getText().replace(",", ""))).sum();
        assertThat(spreadCalls).as("the service's calls, each in one duration bucket").isEqualTo(expected);
    }

    @Test
    @Order(5)
    void aNodeDisabledOnTheLoadBalancerPageChangesState() {
        browser.open(dashboard + "#/lb");
        assertThat(browser.find(By.id("lb-status")).getText()).contains("HAProxy alive");
        browser.find(By.cssSelector("tr[data-server='server2'] .act-disable")).click();
        String disabled = browser.until(d -> state("server2").equals("MAINT") ? "MAINT" : null);
        assertThat(disabled).isEqualTo("MAINT");
        assertThat(cluster.server("server2").path("status").asText()).isEqualTo("MAINT");
        browser.screenshot("load-balancer");

        browser.find(By.cssSelector("tr[data-server='server2'] .act-enable")).click();
        // the page's own reload confirms the request went out before the test refreshes it
        String said = browser.until(d -> {
            String message = text(By.id("message"));
            return message.isEmpty() || message.equals("server2: disable done") ? null : message;
        });
        assertThat(said).isEqualTo("server2: enable done");
        String enabled = browser.until(d -> {
            browser.reload();
            String state = browser.find(By.cssSelector("tr[data-server='server2'] .badge")).getText();
            return state.startsWith("UP") ? state : null;
        });
        assertThat(enabled).startsWith("UP");

        // the same, in pictures: requests per second of each server and its states over time; the numbers
        // table lists server2's changes of state, as the LB agent's history has them
        List<String> changes = browser.until(d -> {
            browser.reload();
            browser.find(By.id("lb-numbers-toggle")).click();
            List<String> rows = d.findElements(By.cssSelector("#lb-numbers tr[data-server='server2']")).stream()
                    .map(WebElement::getText).toList();
            return rows.stream().anyMatch(r -> r.endsWith("MAINT")) && rows.stream().anyMatch(r -> r.endsWith("MAINT UP"))
                    ? rows : null;
        });
        assertThat(changes).as("server2's changes of state").isNotEmpty();
        JsonNode history = cluster.agent("GET", "/lb/history", null).json();
        assertThat(history.path("events").toString()).contains("\"server\":\"server2\"").contains("\"to\":\"MAINT\"");
        browser.find(By.cssSelector("#chart-lb-rate canvas"));
        assertThat(browser.all(By.cssSelector("#lb-timeline rect[data-state='MAINT']"))).as("the MAINT stretch drawn")
                .isNotEmpty();
        browser.find(By.id("lb-numbers-toggle")).click();
        browser.script("document.getElementById('lb-history').scrollIntoView()");
        browser.screenshot("load-balancer-history");
    }

    @Test
    @Order(6)
    void deadLettersAreCountedByTheHourTheyFailed() {
        Instant now = Instant.now();
        List<String> ids = List.of("dl-a", "dl-b", "dl-c");
        List<Instant> failed = List.of(now.minus(java.time.Duration.ofHours(2)), now.minus(java.time.Duration.ofHours(2)),
                now);
        try {
            for (int i = 0; i < ids.size(); i++) {
                String letter = "{\"id\": \"" + ids.get(i) + "\", \"service\": \"orders.take-order\", \"payload\": {},"
                        + " \"error\": \"boom\", \"attempts\": 3, \"cid\": \"" + "0".repeat(31) + i + "\", \"failedAt\": \""
                        + failed.get(i) + "\"}";
                String command = "HSET conduit:async:dead " + ids.get(i) + " '" + letter + "'";
                Cluster.Reply set = cluster.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": "
                        + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(command) + "}");
                assertThat(set.status()).as(set.body()).isEqualTo(200);
            }
            browser.open(dashboard + "#/async");
            WebElement chart = browser.find(By.id("chart-dead-letters"));
            assertThat(chart.getAttribute("aria-label")).startsWith("3 dead letters by the hour they failed");
            browser.find(By.cssSelector("#chart-dead-letters canvas"));
            assertThat(browser.all(By.cssSelector("#dead-letters tr[data-id]"))).hasSize(3);
        } finally {
            ids.forEach(id -> cluster.admin("DELETE", "/conduit/admin/async/dead-letters/" + id, null));
        }
    }

    @Test
    @Order(6)
    void aServiceNameHoldingAScriptIsShownAsText() {
        String name = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>";
        long minute = Instant.now().getEpochSecond() / 60;
        String command = "HSET conduit:stats:m:" + minute + " '" + name + "|x@1' 1:0:1000000:1000000:1000000";
        Cluster.Reply set = cluster.admin("POST", "/conduit/admin/kvdb/commands",
                "{\"command\": " + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(command) + "}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        browser.open(dashboard + "#/stats");
        browser.reload();
        WebElement link = browser.until(d -> d.findElements(By.cssSelector("#most-used a.service")).stream()
                .filter(a -> a.getText().startsWith("<script>")).findFirst().orElse(null));
        assertThat(link.getText()).isEqualTo(name);
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.all(By.cssSelector("#most-used script, #most-used img"))).isEmpty();
    }

    @Test
    @Order(6)
    void markupInEveryFreeTextFieldTheDashboardShowsIsShownAsText() {
        // Names refuse markup at the API; these fields take free text, and the pages show it as text.
        String urlPath = "/x<img/src=x/onerror=window.pwned=3>";
        String zmq = "ipc:///tmp/<script>window.pwned=4</script>";
        String key = "<img/src=x/onerror=window.pwned=5>";
        assertThat(cluster.admin("POST", "/conduit/admin/outgoing/http", "{\"name\": \"hostile\", \"address\":"
                + " \"http://127.0.0.1:9\", \"urlPath\": \"" + urlPath + "\"}").status()).isEqualTo(201);
        assertThat(cluster.admin("POST", "/conduit/admin/outgoing/zmq", "{\"name\": \"hostile\", \"address\": \""
                + zmq.replace("/", "\\/") + "\", \"socketType\": \"PUSH\"}").status()).isEqualTo(201);
        assertThat(cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"<script>x</script>\","
                + " \"urlPath\": \"/h\", \"service\": \"x\"}").status()).as("a name with markup").isEqualTo(400);
        assertThat(cluster.admin("POST", "/conduit/admin/kvdb/commands", "{\"command\": \"SET " + key + " 1\"}")
                .status()).isEqualTo(200);
        try {
            browser.open(dashboard + "#/connections");
            browser.reload();
            String connections = browser.until(d -> {
                String text = d.findElement(By.id("outgoing-http")).getText() + d.findElement(By.id("outgoing-zmq")).getText();
                return text.contains(urlPath) && text.contains(zmq) ? text : null;
            });
            assertThat(connections).contains(urlPath, zmq);
            browser.open(dashboard + "#/kvdb");
            browser.reload();
            browser.until(d -> d.findElements(By.cssSelector("#kvdb-history code")).stream()
                    .anyMatch(c -> c.getText().equals("SET " + key + " 1")) ? true : null);
            assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
            assertThat(browser.all(By.cssSelector("main script, main img"))).isEmpty();
        } finally {
            cluster.admin("DELETE", "/conduit/admin/outgoing/http/hostile", null);
            cluster.admin("DELETE", "/conduit/admin/outgoing/zmq/hostile", null);
        }
    }

    @Test
    @Order(6)
    void theApiPageRendersTheOpenApiDocumentAndTriesACallOnAChannel() {
        Cluster.Result setup = cluster.apply("examples/rest/config", java.util.Map.of("REST_JWT_SECRET",
                "a-secret-of-the-dashboard-test-of-48-bytes-or-so"));
        assertThat(setup.exit()).as(setup.output()).isZero();
        browser.open(dashboard + "#/api");
        browser.reload();
        WebElement get = browser.until(d -> d.findElements(By.cssSelector("#swagger-ui .opblock-get")).stream()
                .filter(o -> o.getText().contains("/customers/{id}") && !o.getText().contains("payments"))
                .findFirst().orElse(null));
        assertThat(browser.find(By.cssSelector("#swagger-ui .info .title")).getText()).contains("Conduit channels");
        assertThat(browser.all(By.cssSelector("#swagger-ui .opblock-put"))).isNotEmpty();
        get.findElement(By.cssSelector(".opblock-summary")).click();
        browser.until(d -> get.findElements(By.cssSelector(".try-out__btn")).stream().findFirst().orElse(null)).click();
        WebElement id = browser.until(d -> get.findElements(By.cssSelector("input[placeholder='id']")).stream()
                .findFirst().orElse(null));
        id.sendKeys("404040");
        get.findElement(By.cssSelector("button.execute")).click();
        String answer = browser.until(d -> {
            String text = get.findElements(By.cssSelector(".live-responses-table .response")).stream()
                    .map(WebElement::getText).findFirst().orElse("");
            return text.contains("no customer 404040") ? text : null;
        });
        assertThat(answer).as("the channel's own answer, through the dashboard").startsWith("404");
        browser.screenshot("api-page");
    }

    @Test
    @Order(6)
    void aReleaseIsListedShownWithItsChangesAndRolledBackByClicking() {
        browser.open(dashboard + "#/connections");
        fill("zmq-form", "name", "rollback-me", "address", "tcp://127.0.0.1:1");
        awaitRow("outgoing-zmq", "rollback-me");
        browser.open(dashboard + "#/releases");
        browser.reload();
        WebElement newest = browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#releases tr[data-release]"));
            return rows.isEmpty() || !rows.get(0).getText().contains("rollback-me") ? null : rows.get(0);
        });
        assertThat(newest.getText()).contains("admin", "dashboard", "outgoing-zmq 'rollback-me' added", "current");
        String number = newest.getAttribute("data-release");
        newest.findElement(By.cssSelector("a")).click();
        String detail = browser.until(d -> {
            String text = d.findElement(By.id("release-detail")).getText();
            return text.contains("Release " + number) ? text : null;
        });
        assertThat(detail).contains("outgoing-zmq", "rollback-me", "address", "\"tcp://127.0.0.1:1\"");

        String previous = String.valueOf(Long.parseLong(number) - 1);
        browser.find(By.cssSelector("#releases tr[data-release='" + previous + "'] .act-rollback")).click();
        browser.driver().switchTo().alert().accept();
        browser.until(d -> cluster.admin("GET", "/conduit/admin/outgoing/zmq/rollback-me", null).status() == 404 ? true
                : null);
        JsonNode latest = cluster.admin("GET", "/conduit/admin/releases?limit=1", null).json().get(0);
        assertThat(latest.path("source").asText()).isEqualTo("rollback");
        assertThat(latest.path("summary").asText()).isEqualTo("rollback to release " + previous
                + ": outgoing-zmq 'rollback-me' removed");
        browser.screenshot("releases");

        // the audit trail has both writes, each linked to its release, the rollback newest
        browser.open(dashboard + "#/audit");
        browser.reload();
        String audit = browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#audit tr[data-cid]"));
            return rows.size() < 2 || !rows.get(0).getText().contains("rollback") ? null
                    : rows.get(0).getText() + "\n" + rows.get(1).getText();
        });
        assertThat(audit).contains("admin", "rollback", "releases", previous, "rollback-me", "create", "outgoing-zmq",
                number, "\"tcp://127.0.0.1:1\"");
        browser.screenshot("audit");
    }

    @Test
    @Order(6)
    void aFailedCallIsShownAsAWaterfallAndReplayedByClickingOnceItsBackendIsFixed() {
        String payments = "{\"address\": \"http://127.0.0.1:" + cluster.port(18080) + "\", \"urlPath\":"
                + " \"/payments/last\", \"timeoutMs\": 5000}";
        assertThat(cluster.admin("PUT", "/conduit/admin/outgoing/http/Payments", payments.replace(
                String.valueOf(cluster.port(18080)), String.valueOf(FreePorts.next()))).status()).isEqualTo(200);
        String cid = browser.until(d -> {
            Cluster.Reply call = tutorial("D");
            return call.status() == 502 ? call.header("X-Conduit-CID") : null;
        });
        assertThat(cluster.admin("PUT", "/conduit/admin/outgoing/http/Payments", payments).status()).isEqualTo(200);

        browser.open(dashboard + "#/calls");
        browser.until(d -> {
            browser.reload();
            return browser.all(By.cssSelector("#calls tr[data-cid='" + cid + "']")).isEmpty() ? null : true;
        });
        browser.find(By.cssSelector("#calls tr[data-cid='" + cid + "'] a")).click();
        String detail = browser.until(d -> {
            String text = d.findElement(By.id("call-detail")).getText();
            return text.contains(cid) ? text : null;
        });
        assertThat(detail).contains("tutorial.get-client-details", "Payments", "refused the connection", "Request: ");
        assertThat(browser.find(By.cssSelector("#call-detail svg.waterfall")).getAttribute("aria-label"))
                .contains("http CRM", "http Payments", "failed");
        assertThat(browser.all(By.cssSelector("#call-detail .waterfall-bar.failed"))).isNotEmpty();

        browser.find(By.cssSelector("#call-detail .act-replay-call")).click();
        assertThat(browser.driver().switchTo().alert().getText()).contains("called again");
        browser.driver().switchTo().alert().accept();
        String replayed = browser.until(d -> {
            List<WebElement> status = d.findElements(By.cssSelector("#call-replay .replay-status"));
            return status.isEmpty() ? null : status.get(0).getText();
        });
        assertThat(replayed).startsWith("Now: 200");
        assertThat(text(By.cssSelector("#call-replay .replay-body"))).contains("O'Brien");
        browser.screenshot("calls");
    }

    @Test
    @Order(6)
    void aFileChannelsFailedFileIsShownInItsHistoryAndRunAgainByClickingOnceItsDataIsFixed() throws IOException {
        cluster.deploy(Path.of("src/test/resources/services/survival/TakeFile.java").toAbsolutePath());
        Path drop = java.nio.file.Files.createTempDirectory("conduit-dashboard-drop-");
        browser.open(dashboard + "#/channels");
        browser.reload();
        fill("file-channel-form", "name", "drop", "address", "file://" + drop, "pollEvery", "300ms",
                "service", "survival.take-file");
        awaitRow("channels-file", "drop");
        java.nio.file.Files.writeString(drop.resolve("orders.csv"), "FAIL,1\n");
        browser.until(d -> java.nio.file.Files.exists(drop.resolve("failed/orders.csv.error")) ? true : null);
        // the operator fixes the data where it lies, then runs it again
        java.nio.file.Files.writeString(drop.resolve("failed/orders.csv"), "id\n1\n");

        browser.reload();
        browser.until(d -> row("channels-file", "drop")).findElement(By.cssSelector(".act-history")).click();
        String history = browser.until(d -> {
            String text = d.findElement(By.id("file-history")).getText();
            return text.contains("orders.csv") ? text : null;
        });
        assertThat(history).contains("failed", drop.resolve("failed/orders.csv").toString());
        browser.find(By.cssSelector("#file-history .act-rerun")).click();
        String again = browser.until(d -> {
            String text = d.findElement(By.id("file-history")).getText();
            return text.contains("ok") ? text : null;
        });
        assertThat(again).contains(drop.resolve("done/orders.csv").toString());
        assertThat(java.nio.file.Files.exists(drop.resolve("done/orders.csv"))).isTrue();
        assertThat(java.nio.file.Files.exists(drop.resolve("failed/orders.csv.error"))).as("its error report goes")
                .isFalse();
        browser.screenshot("file-channel-history");
    }

    @Test
    @Order(6)
    void aJobIsScheduledRunNowAndPausedByClicking() {
        browser.open(dashboard + "#/scheduler");
        browser.reload();
        fill("job-form", "name", "client-check", "service", "tutorial.get-client-details", "every", "1h",
                "payload", "{\"cust_id\": 123, \"cust_type\": \"A\"}");
        awaitRow("scheduler", "client-check");
        assertThat(row("scheduler", "client-check").findElement(By.cssSelector("td.next-run")).getText()).endsWith(":00Z");
        row("scheduler", "client-check").findElement(By.cssSelector(".act-run")).click();
        // each look reloads the page, then waits until it shows the job again before reading its last run
        String outcome = browser.until(d -> {
            browser.reload();
            WebElement r = browser.until(again -> row("scheduler", "client-check"));
            List<WebElement> badge = r.findElements(By.cssSelector(".badge.outcome"));
            return badge.isEmpty() ? null : badge.get(0).getText();
        });
        assertThat(outcome).isEqualTo("ok");
        WebElement strip = browser.until(d -> {
            List<WebElement> bars = row("scheduler", "client-check").findElements(By.cssSelector(".run-strip rect"));
            return bars.isEmpty() ? null : bars.get(bars.size() - 1);
        });
        assertThat(strip.getAttribute("data-outcome")).as("the last run in the job's strip").isEqualTo("ok");
        row("scheduler", "client-check").findElement(By.cssSelector(".act-pause")).click();
        browser.until(d -> {
            WebElement r = row("scheduler", "client-check");
            return r != null && r.findElement(By.cssSelector("td.next-run")).getText().equals("paused") ? true : null;
        });
        row("scheduler", "client-check").findElement(By.cssSelector(".act-history")).click();
        String history = browser.until(d -> {
            String text = d.findElement(By.id("job-history")).getText();
            return text.contains("client-check") ? text : null;
        });
        assertThat(history).contains("ok");
        browser.screenshot("scheduler");
    }

    @Test
    @Order(6)
    void aPageRefreshesItselfAtTheChosenIntervalAndSaysWhen() {
        browser.open(dashboard + "#/channels");
        browser.find(By.cssSelector("#channels table"));
        String before = browser.drawn();
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("refresh"))).selectByValue("5");
        try {
            Cluster.Reply created = cluster.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"live-one\","
                    + " \"urlPath\": \"/live-one\", \"service\": \"tutorial.get-client-details\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            awaitRow("channels", "live-one");
            // the row is drawn a moment before the header says so
            String after = browser.until(d -> {
                String updated = d.findElement(By.id("updated")).getText();
                return updated.equals(before) ? null : updated;
            });
            assertThat(after).startsWith("updated ");
        } finally {
            new org.openqa.selenium.support.ui.Select(browser.find(By.id("refresh"))).selectByValue("0");
        }
    }

    @Test
    @Order(6)
    void everyPagePassesAxeCoreWithNoSeriousOrCriticalViolation() throws Exception {
        browser.open(dashboard + "#/stats");
        List<String> views = browser.until(d -> {
            List<WebElement> links = d.findElements(By.cssSelector("#nav a[data-view]"));
            return links.isEmpty() ? null : links.stream().map(a -> a.getAttribute("data-view")).toList();
        });
        List<String> found = new java.util.ArrayList<>();
        for (String view : views) {
            browser.open(dashboard + "#/" + view);
            browser.until(d -> d.findElements(By.cssSelector("main h1")).isEmpty()
                    || !d.findElements(By.cssSelector("main[aria-busy]")).isEmpty() ? null : true);
            assertThat(browser.find(By.cssSelector("#nav a[aria-current='page']")).getAttribute("data-view"))
                    .isEqualTo(view);
            String violations = seriousViolations();
            if (!"[]".equals(violations)) {
                found.add(view + ": " + violations);
            }
        }
        // a service's page, its charts' numbers shown
        browser.open(dashboard + "#/service/tutorial.get-client-details");
        browser.find(By.id("chart-numbers-toggle")).click();
        browser.until(d -> d.findElement(By.id("chart-numbers")).isDisplayed() ? true : null);
        String violations = seriousViolations();
        if (!"[]".equals(violations)) {
            found.add("service: " + violations);
        }
        assertThat(found).as("pages: " + views + " and a service's").isEmpty();
    }

    /** @return axe-core's serious and critical violations on the page shown, as JSON ({@code []} for none) */
    private static String seriousViolations() throws IOException {
        try (java.io.InputStream in = DashboardIT.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            assertThat(in).as("axe.min.js of com.deque.html.axe-core:selenium on the test class path").isNotNull();
            browser.script(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + " axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({id: v.id, impact:"
                + " v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))"
                + ".catch(e => done('axe failed: ' + e));"));
    }

    @Test
    @Order(7)
    void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndLoggingOutEndsTheSession() throws IOException {
        browser.open(dashboard + "#/stats");
        browser.find(By.id("stats"));
        Object forged = browser.script("return fetch('/api/admin/channels/http', {method: 'POST',"
                + " headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({name: 'forged', urlPath: '/forged', service: 'x'})}).then(r => r.status)");
        assertThat(forged).isEqualTo(403L);
        assertThat(cluster.admin("GET", "/conduit/admin/channels/http/forged", null).status()).isEqualTo(404);
        browser.find(By.id("logout")).click();
        browser.find(By.id("login-form"));
        Cluster.Reply withoutSession = Cluster.http("GET", dashboard + "api/stats/top", null, null, null, null);
        assertThat(withoutSession.status()).isEqualTo(401);
        assertThat(seriousViolations()).as("the login page, by axe-core").isEqualTo("[]");
    }

    @Test
    @Order(8)
    void eachUserSeesTheControlsItsRolesAllowAndIsRefusedTheRest() throws IOException {
        String password = "a password for the test";
        for (String user : List.of("vera:viewer", "otto:operator")) {
            String[] nameAndRole = user.split(":");
            Cluster.Reply made = cluster.admin("POST", "/conduit/admin/users", "{\"name\": \"" + nameAndRole[0]
                    + "\", \"password\": \"" + password + "\", \"roles\": [{\"role\": \"" + nameAndRole[1] + "\"}]}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
        }
        browser.open(dashboard + "#/login");
        login("vera", password);
        browser.find(By.id("stats"));
        assertThat(browser.find(By.id("who")).getText()).isEqualTo("vera");
        browser.open(dashboard + "#/channels");
        awaitRow("channels", "live-one");
        assertThat(browser.all(By.cssSelector("#channels .act-edit"))).as("a viewer's Edit buttons").allMatch(b -> !b.isDisplayed());
        assertThat(browser.all(By.cssSelector("#channels form"))).as("a viewer's New forms").allMatch(f -> !f.isDisplayed());
        assertThat(browser.all(By.cssSelector("#nav a[data-view=users]"))).allMatch(a -> !a.isDisplayed());
        Object refused = browser.script("return api('POST', '/admin/channels/http', {name: 'by-vera', urlPath: '/by-vera',"
                + " service: 'tutorial.get-client-details'}).then(() => 'made', e => e.message)");
        assertThat(String.valueOf(refused)).contains("vera").contains("may not do this");
        browser.open(dashboard + "#/lb");
        browser.find(By.cssSelector("tr[data-server]"));
        assertThat(browser.all(By.cssSelector(".act-drain"))).allMatch(b -> !b.isDisplayed());
        browser.find(By.id("logout")).click();

        browser.find(By.id("login-form"));
        login("otto", password);
        browser.find(By.id("stats"));
        browser.open(dashboard + "#/lb");
        browser.find(By.cssSelector("tr[data-server]"));
        assertThat(browser.all(By.cssSelector(".act-drain"))).isNotEmpty().allMatch(WebElement::isDisplayed);
        assertThat(browser.all(By.id("lb-save"))).allMatch(b -> !b.isDisplayed());
        Object config = browser.script("return api('PUT', '/lb/config', 'global', 'text/plain').then(() => 'saved',"
                + " e => e.message)");
        assertThat(String.valueOf(config)).contains("otto").contains("admin role");
        browser.find(By.id("logout")).click();
        browser.find(By.id("login-form"));
        // bin/conduit acts as the user of --credentials, held to its roles like anywhere
        java.nio.file.Path credentials = cluster.dir.resolve("otto.credentials");
        java.nio.file.Files.writeString(credentials, "otto:" + password + "\n");
        Cluster.Result deploy = cluster.conduit("deploy", cluster.dir.toString(), "--credentials", credentials.toString(),
                "examples/tutorial/GetClientDetails.java");
        assertThat(deploy.exit()).as(deploy.output()).isNotZero();
        assertThat(deploy.output()).contains("otto").contains("may not do this");
        login("nobody", password);
        String wrong = browser.until(d -> text(By.id("login-error")).isEmpty() ? null : text(By.id("login-error")));
        assertThat(wrong).contains("wrong user name or password");
    }

    private void login(String user, String password) {
        WebElement form = browser.find(By.id("login-form"));
        WebElement name = form.findElement(By.name("username"));
        name.clear();
        name.sendKeys(user);
        WebElement pass = form.findElement(By.name("password"));
        pass.clear();
        pass.sendKeys(password);
        browser.find(By.id("login-submit")).click();
    }

    private static String text(By by) {
        List<WebElement> found = browser.all(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private void fill(String formId, String... fieldsAndValues) {
        WebElement form = browser.find(By.id(formId));
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            WebElement input = form.findElement(By.name(fieldsAndValues[i]));
            input.clear();
            input.sendKeys(fieldsAndValues[i + 1]);
        }
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private void awaitRow(String containerId, String name) {
        browser.until(d -> row(containerId, name));
    }

    private WebElement row(String containerId, String name) {
        return browser.all(By.cssSelector("#" + containerId + " tr[data-name]")).stream()
                .filter(r -> name.equals(r.getAttribute("data-name"))).findFirst().orElse(null);
    }

    private void run(String command) {
        WebElement input = browser.find(By.id("kvdb-command"));
        String before = text(By.id("kvdb-output"));
        browser.script("document.getElementById('kvdb-output').textContent = ''");
        input.clear();
        input.sendKeys(command);
        browser.find(By.id("kvdb-run")).click();
        browser.until(d -> text(By.id("kvdb-output")).isEmpty() ? null : true);
        assertThat(before).isNotNull();
    }

    private String output() {
        return browser.find(By.id("kvdb-output")).getText();
    }

    private String state(String server) {
        List<WebElement> badges = browser.all(By.cssSelector("tr[data-server='" + server + "'] .badge"));
        return badges.isEmpty() ? "" : badges.get(0).getText();
    }

    private static Cluster.Reply tutorial(String type) {
        tutorialCalls++;
        return Cluster.http("POST", cluster.frontend() + "/tutorial/first-service",
                "{\"cust_id\":123, \"cust_type\":\"" + type + "\"}", null, null, null);
    }

    private static long usage() {
        Cluster.Reply reply = Cluster.http("GET", dashboard + "api/stats/top?by=usage&n=50&period=last-hour&percentiles=false",
                null, "admin", cluster.adminPassword(), null);
        for (JsonNode row : reply.json().path("rows")) {
            if (row.path("service").asText().equals("tutorial.get-client-details")) {
                return row.path("usage").asLong();
            }
        }
        return 0;
    }
}
