package io.conduit.common.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the admin credentials come from. There is no default password: a node refuses to start
 * without one. The same keys say where a node finds the read-only metrics user ({@code metricsUser:}).
 *
 * <table>
 * <caption>Configuration keys under {@code admin:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>credentialsFile</td><td>{@code ../admin.credentials}</td><td>a file holding one line
 * {@code username:password}, as {@code bin/conduit quickstart} writes it</td></tr>
 * <tr><td>username</td><td>empty</td><td>the user name, if not from the file</td></tr>
 * <tr><td>password</td><td>empty</td><td>the password, if not from the file (e.g. from
 * {@code CONDUIT_ADMIN_PASSWORD}); takes precedence over the file</td></tr>
 * </table>
 */
public class AdminFactory {

    private String credentialsFile = "../admin.credentials";
    private String username = "";
    private String password = "";

    @JsonProperty
    public String getCredentialsFile() {
        return credentialsFile;
    }

    @JsonProperty
    public void setCredentialsFile(String credentialsFile) {
        this.credentialsFile = credentialsFile;
    }

    @JsonProperty
    public String getUsername() {
        return username;
    }

    @JsonProperty
    public void setUsername(String username) {
        this.username = username == null ? "" : username;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    /**
     * @return the admin credentials
     * @throws IllegalStateException saying how to provide them, if there are none
     */
    public Credentials build() {
        Optional<Credentials> given = buildIfGiven("admin");
        if (given.isPresent()) {
            return given.get();
        }
        throw new IllegalStateException("No admin credentials: create " + (credentialsFile == null ? "a file"
                : Path.of(credentialsFile).toAbsolutePath().normalize()) + " holding one line username:password"
                + " (bin/conduit quickstart does), or set admin.password (CONDUIT_ADMIN_PASSWORD)");
    }

    /**
     * For a user that may be absent, such as the cluster's read-only metrics user.
     *
     * @param defaultName the user's name when only a password is given
     * @return the credentials given by the password or the file, if any
     */
    public Optional<Credentials> buildIfGiven(String defaultName) {
        if (password != null && !password.isEmpty()) {
            return Optional.of(new Credentials(username == null || username.isEmpty() ? defaultName : username, password));
        }
        if (credentialsFile != null && !credentialsFile.isEmpty()) {
            Path file = Path.of(credentialsFile);
            if (Files.isReadable(file)) {
                return Optional.of(read(file));
            }
        }
        return Optional.empty();
    }

    /**
     * @param file a file of one line {@code username:password}
     * @return the credentials in it
     */
    public static Credentials read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String line = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .findFirst().orElse("");
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new IllegalStateException(file + " must hold one line username:password");
            }
            return new Credentials(line.substring(0, colon), line.substring(colon + 1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin credentials in " + file + ": " + e.getMessage(), e);
        }
    }
}
