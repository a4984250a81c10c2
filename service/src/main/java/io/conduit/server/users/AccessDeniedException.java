package io.conduit.server.users;

/** A caller asked for what its roles do not allow: 403, saying what it needs. */
public final class AccessDeniedException extends RuntimeException {

    private final String user;
    private final Permission needed;
    private final String on;

    /**
     * @param user   who asked
     * @param needed what it needs
     * @param on     the service or object's name, or null
     */
    public AccessDeniedException(String user, Permission needed, String on) {
        super(message(user, needed, on));
        this.user = user;
        this.needed = needed;
        this.on = on;
    }

    public String user() {
        return user;
    }

    public Permission needed() {
        return needed;
    }

    public String on() {
        return on;
    }

    private static String message(String user, Permission needed, String on) {
        String what = switch (needed) {
            case READ -> "a role (viewer, operator, developer or admin)";
            case OPERATE -> "the operator role" + (on == null ? " with scope *" : " with a scope covering '" + on + "'")
                    + ", or admin";
            case CONFIGURE -> "the developer role" + (on == null ? " with scope *" : " with a scope covering '" + on + "'")
                    + ", or admin";
            case ADMIN -> "the admin role";
        };
        return "user '" + user + "' may not do this: it needs " + what + "; an admin can grant it at /conduit/admin/users";
    }
}
