package io.conduit.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginTest {

    @Test
    void aLoginNeverPrintsItsPassword() {
        assertThat(new SessionResource.Login("admin", "hunter2").toString()).contains("admin").doesNotContain("hunter2");
    }
}
