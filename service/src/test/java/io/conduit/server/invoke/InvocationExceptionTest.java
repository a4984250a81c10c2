package io.conduit.server.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.api.KvdbUnavailableException;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import org.junit.jupiter.api.Test;

class InvocationExceptionTest {

    @Test
    void aBackendThatTimedOutIs504AndOneThatFailedIs502() {
        assertThat(failedOn(Reason.TIMEOUT).httpStatus()).isEqualTo(504);
        assertThat(failedOn(Reason.UNREACHABLE).httpStatus()).isEqualTo(502);
        assertThat(failedOn(Reason.SERVER_ERROR).httpStatus()).isEqualTo(502);
        assertThat(failedOn(Reason.BAD_RESPONSE).httpStatus()).isEqualTo(502);
    }

    @Test
    void aConnectionThatDoesNotExistOrIsInactiveIsTheServersFault() {
        assertThat(failedOn(Reason.UNKNOWN).httpStatus()).isEqualTo(500);
        assertThat(failedOn(Reason.INACTIVE).httpStatus()).isEqualTo(500);
    }

    @Test
    void theCallerIsToldWhichConnectionFailedEvenWhenItWasWrapped() {
        OutgoingException outgoing = new OutgoingException("CRM", Reason.UNREACHABLE,
                "CRM (http://127.0.0.1:1/crm) refused the connection after 3 ms", null);
        InvocationException e = new InvocationException("tutorial.x", "cid1",
                new IllegalStateException("wrapped", outgoing));
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.callerMessage())
                .isEqualTo("service 'tutorial.x' failed: CRM (http://127.0.0.1:1/crm) refused the connection after 3 ms");
    }

    @Test
    void anythingElseIs500AndKeepsItsCauseOutOfTheMessage() {
        InvocationException e = new InvocationException("tutorial.x", "cid1", new IllegalStateException("hunter2"));
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.callerMessage()).doesNotContain("hunter2").contains("cid1");
    }

    @Test
    void aKvdbThatCannotBeReachedIs503NamingRedis() {
        InvocationException e = new InvocationException("tutorial.x", "cid1", new KvdbUnavailableException(
                "the KVDB (Redis at 127.0.0.1:16379) cannot be reached: Connection refused; retry later", null));
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.callerMessage()).isEqualTo("service 'tutorial.x' failed: the KVDB (Redis at 127.0.0.1:16379)"
                + " cannot be reached: Connection refused; retry later");
    }

    private static InvocationException failedOn(Reason reason) {
        return new InvocationException("tutorial.x", "cid1", new OutgoingException("CRM", reason, "CRM: " + reason, null));
    }
}
