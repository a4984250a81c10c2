package io.conduit.server.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A person or a script that uses the admin API, the CLI or the dashboard, with the roles it holds.
 * The cluster's own {@code admin} (its {@code admin.credentials}) is not one of them and is always an
 * admin. The password is kept only as a hash ({@link Passwords}): what is sent is hashed before it is
 * stored, and sending the same password again keeps the hash.
 *
 * @param name        the user name, as given in HTTP Basic credentials
 * @param password    the password when written; a hash once stored (write-only)
 * @param oidcSubject the subject of the OpenID Connect provider's tokens that is this user, if any
 * @param roles       what the user may do
 */
@Checked
@JsonInclude(JsonInclude.Include.ALWAYS)
public record User(
        @Name @Pattern(regexp = "[^: ]+", message = "must hold no ':' or space (it is an HTTP Basic user name)")
        String name,
        @JsonPropertyDescription("the password (write-only; kept as a hash)") Secret password,
        @JsonPropertyDescription("the OpenID Connect subject that is this user") String oidcSubject,
        @JsonProperty(defaultValue = "[]") @JsonPropertyDescription("what the user may do: role and scope")
        @NotNull List<@Valid @NotNull Grant> roles) implements Configured, CrossChecked {

    /** Users: {@code /conduit/admin/users}. */
    public static final Kind<User> KIND = Kind.of("users", "user", User.class).settledBy(User::settle);

    private static final int SHORTEST_PASSWORD = 12;

    public User {
        oidcSubject = oidcSubject == null || oidcSubject.isBlank() ? null : oidcSubject.trim();
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public void check(Findings findings) {
        if (password == null && oidcSubject == null) {
            findings.add("password", "is required (or an oidcSubject, for a user who logs in through single sign-on)");
        } else if (password != null && Passwords.isHash(password.reveal())) {
            String problem = Passwords.problemOf(password.reveal());
            if (problem != null) {
                findings.add("password", problem);
            }
        } else if (password != null && password.reveal().length() < SHORTEST_PASSWORD) {
            findings.add("password", "must be at least " + SHORTEST_PASSWORD + " characters");
        }
        for (int i = 0; i < roles.size(); i++) {
            Grant grant = roles.get(i);
            if (grant != null && !grant.scope().equals("*") && (grant.role() == Role.VIEWER || grant.role() == Role.ADMIN)) {
                findings.add("roles[" + i + "].scope", "must be * for the " + grant.role() + " role: only operators'"
                        + " and developers' grants are limited to names");
            }
        }
    }

    /** @return whether the password is this user's */
    public boolean passwordMatches(String given) {
        return password != null && Passwords.isHash(password.reveal()) && Passwords.matches(given, password.reveal());
    }

    /**
     * What is stored of a user written over {@code current}: the password hashed, or the current hash
     * kept when the same password was sent again (so applying the same configuration twice changes nothing).
     */
    static User settle(User given, User current) {
        if (given.password() == null || Passwords.isHash(given.password().reveal())) {
            return given;
        }
        String plain = given.password().reveal();
        Secret hash = current != null && current.passwordMatches(plain) ? current.password()
                : Secret.of(Passwords.hash(plain));
        return new User(given.name(), hash, given.oidcSubject(), given.roles());
    }
}
