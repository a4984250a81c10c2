package io.conduit.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BasicAuthTest {

    @Test
    void aHeaderWrittenIsReadBackWithAColonInThePassword() {
        String header = BasicAuth.header("acme", "s3:cr3t");

        assertThat(header).isEqualTo("Basic YWNtZTpzMzpjcjN0");
        assertThat(BasicAuth.parse(header)).contains(new Credentials("acme", "s3:cr3t"));
        assertThat(BasicAuth.parse("basic YWNtZTpzMzpjcjN0")).as("the scheme's case does not matter").isPresent();
    }

    @Test
    void anAbsentForeignOrMalformedHeaderGivesNothing() {
        assertThat(BasicAuth.parse(null)).isEmpty();
        assertThat(BasicAuth.parse("Bearer abc")).isEmpty();
        assertThat(BasicAuth.isBasic("Bearer abc")).isFalse();
        assertThat(BasicAuth.parse("Basic !!!not-base64")).isEmpty();
        assertThat(BasicAuth.isBasic("Basic !!!not-base64")).isTrue();
        assertThat(BasicAuth.parse("Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes())))
                .isEmpty();
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new Credentials("acme", "hunter2").toString()).doesNotContain("hunter2");
    }
}
