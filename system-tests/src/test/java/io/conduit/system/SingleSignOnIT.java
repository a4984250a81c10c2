package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.OAuth2Server;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Logging in to the dashboard through an OpenID Connect provider in real Chromium: the authorization
 * code flow with PKCE against a real provider (mock-oauth2-server), the nodes mapping its token to a
 * user of the cluster, the pages shown as that user's roles allow; and a login nobody is mapped to refused.
 */
class SingleSignOnIT {

    private static OAuth2Server provider;
    private static Cluster cluster;
    private static Browser browser;
    private static String dashboard;

    @BeforeAll
    static void start() throws Exception {
        provider = new OAuth2Server().logsInAs("corp", "ann-subject", "\"preferred_username\": \"ann\","
                + " \"groups\": [\"finance\"]").start();
        cluster = Cluster.quickstart(1, Map.of("CONDUIT_SSO_ISSUER", provider.issuerUrl("corp"), "CONDUIT_SSO_AUDIENCE",
                "corp", "CONDUIT_SSO_CLIENT_ID", "conduit-dashboard"));
        dashboard = "http://127.0.0.1:" + cluster.port(8183) + "/";
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aUserLogsInThroughTheProviderAndSeesWhatItsRolesAllow() {
        Cluster.Reply made = cluster.admin("POST", "/conduit/admin/users", "{\"name\": \"ann\", \"oidcSubject\":"
                + " \"ann-subject\", \"roles\": [{\"role\": \"viewer\"}]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        try {
            browser.open(dashboard + "#/login");
            browser.find(By.id("sso-login")).click();
            String who = browser.until(d -> {
                List<WebElement> name = d.findElements(By.id("who"));
                return name.isEmpty() || name.get(0).getText().isEmpty() ? null : name.get(0).getText();
            });
            assertThat(who).isEqualTo("ann");
            browser.find(By.id("stats"));
            browser.open(dashboard + "#/connections");
            browser.find(By.cssSelector("#outgoing-http h2"));
            assertThat(browser.all(By.cssSelector("#outgoing-http form"))).as("a viewer's New forms")
                    .allMatch(f -> !f.isDisplayed());
            Object refused = browser.script("return api('POST', '/admin/outgoing/http', {name: 'by-ann', address:"
                    + " 'http://127.0.0.1:9'}).then(() => 'made', e => e.message)");
            assertThat(String.valueOf(refused)).contains("ann").contains("may not do this");
            browser.find(By.id("logout")).click();
            browser.find(By.id("login-form"));
        } finally {
            cluster.admin("DELETE", "/conduit/admin/users/ann", null);
        }
    }

    @Test
    void aLoginNoUserIsMappedToIsRefusedSayingWhy() {
        browser.open(dashboard + "#/login");
        browser.find(By.id("sso-login")).click();
        String error = browser.until(d -> {
            List<WebElement> shown = d.findElements(By.id("login-error"));
            return shown.isEmpty() || shown.get(0).getText().isEmpty() ? null : shown.get(0).getText();
        });
        assertThat(error).contains("no user of the cluster is you");
        assertThat(browser.find(By.id("login-form")).isDisplayed()).isTrue();
    }
}
