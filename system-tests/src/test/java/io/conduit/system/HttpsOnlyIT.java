package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.tls.TrustedCertificates;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code quickstart --https-only}: every plain-HTTP call through HAProxy is redirected to HTTPS,
 * and the cluster still works end to end: the tutorial's set-up script and the dashboard reach the
 * admin API over HTTPS with the cluster's own CA.
 */
class HttpsOnlyIT {

    private static Cluster cluster;

    @BeforeAll
    static void quickstart() throws Exception {
        cluster = Cluster.quickstart(1, "--https-only");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theTutorialRunsOverHttpsAndPlainHttpIsRedirected() throws Exception {
        Cluster.Result setup = cluster.apply("examples/tutorial/config", cluster.tutorialAddresses());
        assertThat(setup.exit()).as(setup.output()).isZero();
        assertThat(setup.output()).contains("Release ", "made");

        String ca = cluster.dir.resolve("load-balancer/tls/ca.crt").toString();
        HttpClient tls = HttpClient.newBuilder().sslContext(TrustedCertificates.trusting(ca)).build();
        HttpResponse<String> call = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + cluster.port(11443)
                        + "/tutorial/first-service")).POST(HttpRequest.BodyPublishers.ofString("{\"cust_id\":123,"
                        + " \"cust_type\":\"A\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("\"last_payment_amount\":\"357\"");

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                cluster.frontend() + "/tutorial/first-service")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(308);
        assertThat(plain.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + cluster.port(11443) + "/tutorial/first-service");
    }

    @Test
    void theDashboardReachesTheAdminApiOverHttpsWithTheClustersCa() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String dashboard = "http://127.0.0.1:" + cluster.port(8183);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(dashboard + "/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \"" + cluster.adminPassword() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> nodes = browser.send(HttpRequest.newBuilder(URI.create(dashboard
                + "/api/admin/cluster/nodes")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nodes.statusCode()).as(nodes.body()).isEqualTo(200);
        assertThat(nodes.body()).contains("\"name\":\"server1\"");
    }

}
