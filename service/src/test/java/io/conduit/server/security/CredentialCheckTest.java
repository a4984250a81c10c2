package io.conduit.server.security;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.security.CredentialCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialCheckTest {

    private final SecurityDefinition basic = bind(SecurityDefinition.KIND, "{'name': 'b', 'type': 'basic', 'username': 'acme',"
            + " 'password': 'pa:ss'}");
    private final SecurityDefinition key = bind(SecurityDefinition.KIND, "{'name': 'k', 'type': 'apikey', 'key': 'k3y'}");

    @Test
    void basicAuthAllowsTheRightUserAndPasswordOnly() {
        assertThat(check(basic, Map.of("Authorization", basic("acme", "pa:ss")))).isEqualTo(Outcome.ALLOWED);
        assertThat(check(basic, Map.of("Authorization", basic("acme", "pa:sS")))).isEqualTo(Outcome.DENIED);
        assertThat(check(basic, Map.of("Authorization", basic("other", "pa:ss")))).isEqualTo(Outcome.DENIED);
        assertThat(check(basic, Map.of("Authorization", "Basic !!notbase64"))).isEqualTo(Outcome.DENIED);
        assertThat(check(basic, Map.of("Authorization", "Bearer abc"))).isEqualTo(Outcome.MISSING);
        assertThat(check(basic, Map.of())).isEqualTo(Outcome.MISSING);
    }

    @Test
    void anApiKeyMustMatchInItsHeader() {
        assertThat(check(key, Map.of("X-API-Key", "k3y"))).isEqualTo(Outcome.ALLOWED);
        assertThat(check(key, Map.of("X-API-Key", "k3"))).isEqualTo(Outcome.DENIED);
        assertThat(check(key, Map.of("Authorization", "k3y"))).isEqualTo(Outcome.MISSING);
    }

    @Test
    void anInactiveDefinitionLetsNobodyIn() {
        SecurityDefinition off = bind(SecurityDefinition.KIND, "{'name': 'k', 'type': 'apikey', 'key': 'k3y', 'active': false}");
        assertThat(check(off, Map.of("X-API-Key", "k3y"))).isEqualTo(Outcome.DENIED);
    }

    @Test
    void theViewNeverHoldsTheSecret() {
        assertThat(io.conduit.server.config.TestConfig.JSON.view(basic).toString()).doesNotContain("pa:ss");
        assertThat(io.conduit.server.config.TestConfig.JSON.view(key).toString()).doesNotContain("k3y");
    }

    private static Outcome check(SecurityDefinition d, Map<String, String> headers) {
        return CredentialCheck.check(d, headers::get).outcome();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
