package io.conduit.server.users;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user may do. Each role is what its holder may do beyond reading; a user may hold several.
 * <ul>
 * <li>{@code viewer}: read everything, change nothing;</li>
 * <li>{@code operator}: also drain and enable nodes, run, pause and resume jobs, replay dead letters
 * and recorded calls, ping connections (within its scope, where the thing has a name);</li>
 * <li>{@code developer}: also deploy services and create, change and delete configured objects whose
 * names are within its scope, and invoke those services;</li>
 * <li>{@code admin}: everything, users and the cluster's key included.</li>
 * </ul>
 */
public enum Role {
    VIEWER, OPERATOR, DEVELOPER, ADMIN;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
