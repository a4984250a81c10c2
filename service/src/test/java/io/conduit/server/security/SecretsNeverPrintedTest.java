package io.conduit.server.security;

import static io.conduit.server.config.TestConfig.JSON;
import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.outgoing.OutgoingSqlConfig;
import org.junit.jupiter.api.Test;

/** What holds a password or a key shows neither in toString() nor in what the admin API or an export writes. */
class SecretsNeverPrintedTest {

    @Test
    void aSecretShowsNowhereButWhereItIsUsed() {
        SecurityDefinition basic = bind(SecurityDefinition.KIND, "{'name': 'partner', 'type': 'basic', 'username': 'acme',"
                + " 'password': 'hunter2'}");
        SecurityDefinition jwt = bind(SecurityDefinition.KIND, "{'name': 'api', 'type': 'jwt', 'issuer': 'https://issuer',"
                + " 'audience': 'api', 'secret': 'jwt-s3cret-jwt-s3cret-jwt-s3cret-x'}");
        OutgoingSqlConfig sql = bind(OutgoingSqlConfig.KIND, "{'name': 'Billing', 'url': 'jdbc:postgresql://db:5432/b',"
                + " 'user': 'billing', 'password': 'k3y-s3cret'}");

        assertThat(basic.toString()).contains("partner", "acme").doesNotContain("hunter2");
        assertThat(jwt.toString()).contains("https://issuer").doesNotContain("jwt-s3cret");
        assertThat(sql.toString()).contains("billing").doesNotContain("k3y-s3cret");
        assertThat(JSON.view(basic).toString()).contains("\"passwordSet\":true").doesNotContain("hunter2");
        assertThat(JSON.view(sql).toString()).contains("\"passwordSet\":true").doesNotContain("k3y-s3cret");
        assertThat(JSON.exported(OutgoingSqlConfig.KIND, sql).toString())
                .contains("${OUTGOING_SQL_BILLING_PASSWORD}").doesNotContain("k3y-s3cret");
        assertThat(JSON.exported(SecurityDefinition.KIND, jwt).toString()).contains("${SECURITY_API_SECRET}");
    }
}
