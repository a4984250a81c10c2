package io.conduit.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginDelayTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final LoginDelay delay = new LoginDelay(Duration.ofMillis(250), Duration.ofSeconds(10),
            Duration.ofMinutes(15), clock);

    @Test
    void eachWrongPasswordForANameIsAnsweredLaterThanTheOneBeforeUpToTheMaximum() {
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofMillis(250));
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofMillis(500));
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 40; i++) {
            delay.failed("admin");
        }
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofSeconds(10));
        assertThat(delay.failuresOf("admin")).isEqualTo(44);
    }

    @Test
    void namesAreCountedApartAndForgottenAQuarterOfAnHourAfterTheLastFailure() {
        delay.failed("admin");
        delay.failed("admin");
        assertThat(delay.failed("admin1")).as("another name").isEqualTo(Duration.ofMillis(250));
        clock.advance(Duration.ofMinutes(14));
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMinutes(16));
        assertThat(delay.failuresOf("admin")).isZero();
        assertThat(delay.failed("admin")).isEqualTo(Duration.ofMillis(250));
    }
}
