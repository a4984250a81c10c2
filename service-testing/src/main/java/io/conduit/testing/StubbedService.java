package io.conduit.testing;

import io.conduit.api.Service;

/**
 * Stands in for another service the one under test invokes, answering what the test said
 * ({@link ServiceHarness#stub}). Not for use outside the harness.
 */
public final class StubbedService extends Service {

    @Override
    public void handle() {
        ServiceHarness harness = ServiceHarness.running();
        Object answer = harness.stubAnswer(name(), request().payload());
        response().setPayload(answer);
    }
}
