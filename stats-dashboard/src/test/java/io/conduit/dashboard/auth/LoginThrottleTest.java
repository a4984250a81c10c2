package io.conduit.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), clock);

    @Test
    void theAttemptThatReachesTheLimitLocksTheAddressOutForTheLockout() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.refusedFor("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.refusedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.refusedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.refusedFor("10.0.0.1")).isZero();
    }

    @Test
    void afterALockoutTheAddressHasItsFullAttemptsAgain() {
        fail("10.0.0.1", 3);
        clock.advance(Duration.ofSeconds(60));
        fail("10.0.0.1", 2);
        assertThat(throttle.refusedFor("10.0.0.1")).isZero();
        fail("10.0.0.1", 1);
        assertThat(throttle.refusedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aSuccessOrAQuietLockoutStartsTheCountAgain() {
        fail("10.0.0.1", 2);
        throttle.succeeded("10.0.0.1");
        fail("10.0.0.1", 2);
        assertThat(throttle.refusedFor("10.0.0.1")).isZero();

        clock.advance(Duration.ofSeconds(60));
        fail("10.0.0.1", 2);
        assertThat(throttle.refusedFor("10.0.0.1")).isZero();
    }

    @Test
    void oneAddressDoesNotLockAnotherOut() {
        fail("10.0.0.1", 3);
        assertThat(throttle.refusedFor("10.0.0.1")).isPositive();
        assertThat(throttle.refusedFor("10.0.0.2")).isZero();
    }

    @Test
    void manyAddressesAreForgottenOnceTheyHaveNothingLeftToServe() {
        for (int i = 0; i < 1_500; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(throttle.remembered()).isEqualTo(1_500);
        clock.advance(Duration.ofSeconds(60));
        throttle.failed("10.0.0.2");
        assertThat(throttle.remembered()).isEqualTo(1);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
