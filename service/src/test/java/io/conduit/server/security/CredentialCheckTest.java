package io.conduit.server.security;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.common.haproxy.ClientProofs;
import io.conduit.server.security.CredentialCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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

    @Test
    void aClientCertificateIsAdmittedByItsVerifiedSubjectOnlyBesideHaproxysProof() {
        SecurityDefinition mtls = bind(SecurityDefinition.KIND, "{'name': 'partners', 'type': 'mtls', 'subjects':"
                + " ['CN=partner-a,O=Acme', ' CN=partner-b,O=Acme ']}");
        java.util.function.Predicate<String> haproxy = "the-proof"::equals;
        CredentialCheck.Result admitted = CredentialCheck.check(mtls, Map.of(CredentialCheck.CLIENT_SUBJECT,
                "CN=partner-b,O=Acme", CredentialCheck.CLIENT_VERIFY, "0", ClientProofs.HEADER, "the-proof")::get, haproxy);
        assertThat(admitted.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(admitted.principal().name()).isEqualTo("CN=partner-b,O=Acme");
        for (Map<String, String> spoofed : List.of(Map.of(CredentialCheck.CLIENT_SUBJECT, "CN=partner-b,O=Acme"),
                Map.of(CredentialCheck.CLIENT_SUBJECT, "CN=partner-b,O=Acme", ClientProofs.HEADER, "a-guess"))) {
            CredentialCheck.Result refused = CredentialCheck.check(mtls, spoofed::get, haproxy);
            assertThat(refused.outcome()).as("a subject without HAProxy's proof: " + spoofed).isEqualTo(Outcome.REJECTED);
            assertThat(refused.reason()).contains("without the cluster's HAProxy's proof");
        }
        assertThat(CredentialCheck.check(mtls, Map.<String, String>of()::get, haproxy).outcome()).isEqualTo(Outcome.MISSING);
        CredentialCheck.Result stranger = CredentialCheck.check(mtls, Map.of(CredentialCheck.CLIENT_SUBJECT,
                "CN=stranger,O=Acme", ClientProofs.HEADER, "the-proof")::get, haproxy);
        assertThat(stranger.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(stranger.reason()).isEqualTo("the client certificate's subject CN=stranger,O=Acme is not admitted by"
                + " this channel");
        CredentialCheck.Result unverified = CredentialCheck.check(mtls, Map.of(CredentialCheck.CLIENT_VERIFY, "20")::get,
                haproxy);
        assertThat(unverified.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(unverified.reason()).contains("did not verify", "error 20", "a CA the cluster does not trust");

        SecurityDefinition off = bind(SecurityDefinition.KIND, "{'name': 'p', 'type': 'mtls', 'subjects': ['CN=a'],"
                + " 'active': false}");
        assertThat(CredentialCheck.check(off, Map.of(CredentialCheck.CLIENT_SUBJECT, "CN=a", ClientProofs.HEADER,
                "the-proof")::get, haproxy).outcome()).isEqualTo(Outcome.DENIED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(SecurityDefinition.KIND,
                "{'name': 'p', 'type': 'mtls', 'subjects': []}")).hasMessageContaining("subjects must list at least one subject");
    }

    private static Outcome check(SecurityDefinition d, Map<String, String> headers) {
        return CredentialCheck.check(d, headers::get).outcome();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
