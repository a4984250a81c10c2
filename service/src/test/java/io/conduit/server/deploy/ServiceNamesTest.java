package io.conduit.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.api.Service;
import io.conduit.api.ServiceName;
import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    @Test
    void classNamesBecomeKebabCase() {
        assertThat(ServiceNames.kebab("GetClientDetails")).isEqualTo("get-client-details");
        assertThat(ServiceNames.kebab("HTTPGateway")).isEqualTo("http-gateway");
        assertThat(ServiceNames.kebab("MyAPIClient")).isEqualTo("my-api-client");
        assertThat(ServiceNames.kebab("Sha256Sum")).isEqualTo("sha256-sum");
        assertThat(ServiceNames.kebab("Ping")).isEqualTo("ping");
        assertThat(ServiceNames.kebab("snake_Case")).isEqualTo("snake-case");
    }

    @Test
    void aServiceIsNamedAfterItsPackageAndClass() {
        assertThat(ServiceNames.of(GetClientDetails.class)).isEqualTo("io.conduit.server.deploy.get-client-details");
    }

    @Test
    void theAnnotationOverridesTheName() {
        assertThat(ServiceNames.of(Renamed.class)).isEqualTo("billing.charge");
    }

    @Test
    void namesAreLettersDigitsDotsDashesAndUnderscores() {
        assertThat(ServiceNames.isValid("tutorial.get-client-details")).isTrue();
        assertThat(ServiceNames.isValid("a_b.c-1")).isTrue();
        assertThat(ServiceNames.isValid("")).isFalse();
        assertThat(ServiceNames.isValid(".hidden")).isFalse();
        assertThat(ServiceNames.isValid("with space")).isFalse();
        assertThat(ServiceNames.isValid("<script>")).isFalse();
        assertThat(ServiceNames.isValid("x".repeat(201))).isFalse();
    }

    static class GetClientDetails extends Service {
        @Override
        public void handle() {
        }
    }

    @ServiceName("billing.charge")
    static class Renamed extends Service {
        @Override
        public void handle() {
        }
    }
}
