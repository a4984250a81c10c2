package io.conduit.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.dashboard.DashboardApplication;
import io.conduit.dashboard.DashboardConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real dashboard app: an address that keeps guessing the password is locked out, then let back in. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LoginLockoutIT {

    private static final String PASSWORD = UUID.randomUUID().toString();

    private static final DropwizardAppExtension<DashboardConfiguration> APP = new DropwizardAppExtension<>(
            DashboardApplication.class, ResourceHelpers.resourceFilePath("test-dashboard.yml"),
            ConfigOverride.config("admin.username", "admin"),
            ConfigOverride.config("admin.password", PASSWORD),
            // never reached: logging in needs no Redis
            ConfigOverride.config("redis.url", "redis://127.0.0.1:1"),
            ConfigOverride.config("loginAttempts", "3"),
            ConfigOverride.config("loginLockout", "2s"));

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void letTheAddressBackIn() {
        awaitLogin();
    }

    @Test
    void threeWrongPasswordsLockTheFormOutEvenForTheRightOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = login(PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("too many failed logins from your address; try again in");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(basic("admin", PASSWORD).statusCode()).isEqualTo(429);

        awaitLogin();
        assertThat(login("guess").statusCode()).isEqualTo(401);
        assertThat(login(PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongBasicCredentialsCountToo() throws Exception {
        assertThat(basic("admin", PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(basic("admin", "guess" + i).statusCode()).isEqualTo(401);
        }
        assertThat(basic("admin", PASSWORD).statusCode()).isEqualTo(429);
        assertThat(login(PASSWORD).statusCode()).isEqualTo(429);
    }

    private void awaitLogin() {
        await("the lockout ends").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> login(PASSWORD).statusCode() == 200);
    }

    private HttpResponse<String> login(String password) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> basic(String user, String password) throws IOException, InterruptedException {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri("/api/session")).header("Authorization", "Basic " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }
}
