package io.conduit.common.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Who an admin request came from, in one place: what releases, the audit trail and refusals record. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** @return the client's address: the first of {@code X-Forwarded-For} (HAProxy sets it), else the connection's */
    public static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        return forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].trim() : request.getRemoteAddr();
    }
}
