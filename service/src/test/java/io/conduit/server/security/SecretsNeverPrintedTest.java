package io.conduit.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.admin.SecurityResource;
import org.junit.jupiter.api.Test;

/** What holds a password or a key leaves it out of toString(), so no log line can carry it. */
class SecretsNeverPrintedTest {

    @Test
    void aSecurityDefinitionAndWhatAnOperatorSendsHideTheirSecrets() {
        SecurityDefinition definition = new SecurityDefinition("partner", SecurityDefinition.Type.BASIC, "acme",
                "hunter2", null, "Conduit", null, true);
        SecurityResource.SecurityInput input = new SecurityResource.SecurityInput("partner", "apikey", null,
                "hunter2", "k3y-s3cret", "X-API-Key", null, "https://issuer", "api", "jwt-s3cret-jwt-s3cret-jwt-s3cret-x",
                null, "60s", true);

        assertThat(definition.toString()).contains("partner", "acme").doesNotContain("hunter2");
        assertThat(input.toString()).contains("partner", "X-API-Key").doesNotContain("hunter2", "k3y-s3cret", "jwt-s3cret");
    }
}
