package io.conduit.server.users;

/** What an admin endpoint asks of its caller; see {@link AccessRules}. */
public enum Permission {
    /** Any role: reading. */
    READ,
    /** An operator (within its scope) or an admin: operating what exists. */
    OPERATE,
    /** A developer (within its scope) or an admin: deploying and configuring. */
    CONFIGURE,
    /** An admin only. */
    ADMIN
}
