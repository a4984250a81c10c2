package io.conduit.server.users;

import java.util.List;

/**
 * Who calls the admin API, and what they may do.
 *
 * @param name   the user name
 * @param grants the roles held, each with its scope
 */
public record Caller(String name, List<Grant> grants) {

    /** The request property holding the caller of an admin request. */
    public static final String PROPERTY = "conduit.caller";

    public Caller {
        grants = List.copyOf(grants);
    }

    /** @return the cluster's own admin, or another holder of every right */
    public static Caller admin(String name) {
        return new Caller(name, List.of(new Grant(Role.ADMIN, "*")));
    }

    /**
     * @param permission what is asked
     * @param thing      the name of the service or object it is asked on, or null when it has none
     * @return whether this caller may
     */
    public boolean may(Permission permission, String thing) {
        if (holds(Role.ADMIN)) {
            return true;
        }
        return switch (permission) {
            case READ -> !grants.isEmpty();
            case OPERATE -> grants.stream().anyMatch(g -> g.role() == Role.OPERATOR && g.covers(thing));
            case CONFIGURE -> grants.stream().anyMatch(g -> g.role() == Role.DEVELOPER && g.covers(thing));
            case ADMIN -> false;
        };
    }

    /** @return whether the caller may on some thing (the dashboard shows the controls then) */
    public boolean mayAny(Permission permission) {
        if (holds(Role.ADMIN)) {
            return true;
        }
        return switch (permission) {
            case READ -> !grants.isEmpty();
            case OPERATE -> holds(Role.OPERATOR);
            case CONFIGURE -> holds(Role.DEVELOPER);
            case ADMIN -> false;
        };
    }

    private boolean holds(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }
}
